// The session's input history for history_request (messaging spec 5.3, "History"): tail, range and search
// (glob patterns as IPython's history search), with or without the outputs' text/plain.
export const SESSION = 1;

interface Entry {
  line: number;
  input: string;
  output: string | null;
}

export interface HistoryRequest {
  hist_access_type: "tail" | "range" | "search";
  output?: boolean;
  n?: number;
  session?: number;
  start?: number;
  stop?: number;
  pattern?: string;
  unique?: boolean;
}

export type HistoryItem = [number, number, string | [string, string | null]];

export class History {
  private readonly entries: Entry[] = [];

  add(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  setOutput(line: number, text: string): void {
    const entry = this.entries.find((e) => e.line === line);
    if (entry) entry.output = text;
  }

  query(req: HistoryRequest): HistoryItem[] {
    const chosen = this.select(req);
    return chosen.map((e) => [SESSION, e.line, req.output ? [e.input, e.output] : e.input]);
  }

  private select(req: HistoryRequest): Entry[] {
    switch (req.hist_access_type) {
      case "tail":
        return last(this.entries, req.n);
      case "range": {
        // Session 0 (or ours) is the current session; earlier sessions are not kept.
        if (req.session !== undefined && req.session !== 0 && req.session !== SESSION) return [];
        const start = req.start ?? 0;
        const stop = req.stop ?? Infinity;
        return this.entries.filter((e) => e.line >= start && e.line < stop);
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        let found = this.entries.filter((e) => re.test(e.input));
        if (req.unique) found = found.filter((e, i) => !found.slice(i + 1).some((later) => later.input === e.input));
        return last(found, req.n);
      }
      default:
        throw new Error(`history_request: hist_access_type is ${JSON.stringify(req.hist_access_type)}; expected "tail", "range" or "search"`);
    }
  }
}

function last<T>(items: T[], n: number | undefined): T[] {
  return n === undefined || n === null || n <= 0 ? items : items.slice(-n);
}

/** SQLite GLOB semantics (what IPython uses): * any run, ? one character, [..] a class; case-sensitive. */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        re += body.startsWith("^") ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
