// Shared checks of the chart tests: a spec compiles with vega-lite v5 without a warning and its SVG
// renders with the expected marks; small accessors into specs; the numpy reference fixture.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Chart } from "../../../toolkit/charts/chart";
import { compileSpec } from "../../../toolkit/charts/compile";

/** The fixture made by fixtures/make_summaries.py (numpy), read from the source tree. */
export function fixture(): any {
  const file = path.resolve(__dirname, "../../../../test/toolkit/charts/fixtures/summaries.json");
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Compiles without warnings and renders an SVG containing each of the given mark roles. */
export async function assertRenders(chart: Chart, marks: string[] = []): Promise<string> {
  assert.deepEqual(compileSpec(chart.spec).warnings, [], "vega-lite warnings");
  const svg = await chart.toSVG();
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  for (const m of marks) assert.ok(svg.includes(`class="mark-${m} `), `SVG has no ${m} marks`);
  return svg;
}

/** The unit specs (those with a mark) of a spec, depth first. */
export function units(spec: any): any[] {
  if (spec.mark) return [spec];
  const children = [...(spec.layer ?? []), ...(spec.spec ? [spec.spec] : []), ...(spec.hconcat ?? []), ...(spec.vconcat ?? [])];
  return children.flatMap(units);
}

/** The first unit spec with the given mark type. */
export function unit(spec: any, type: string): any {
  const found = units(spec).find((u) => (typeof u.mark === "string" ? u.mark : u.mark.type) === type);
  assert.ok(found, `no ${type} layer in the spec`);
  return found;
}

/** The rows of the spec's inline data (optionally of one kind). */
export function dataValues(spec: any, kind?: string): any[] {
  const values = spec.data.values as any[];
  return kind ? values.filter((v) => v.kind === kind) : values;
}

export function close(a: number, b: number, tol = 1e-9, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}
