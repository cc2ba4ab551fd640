// How a value reads in an error message and which valid name a misspelt one meant: JSON, except that NaN and
// ±Infinity (which JSON prints as null) appear as themselves, and the nearest name by edit distance (Levenshtein).

/** `value` as it should read in an error: JSON, with NaN, Infinity and -Infinity spelt out wherever they occur. */
export function showValue(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value === undefined) return "undefined";
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) {
      marks.push(String(v));
      return `\u0000${marks.length - 1}\u0000`;
    }
    return v;
  });
  return text === undefined ? String(value) : text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i) => marks[Number(i)]);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The candidate closest to `name` (case-insensitive edit distance), when it is close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
