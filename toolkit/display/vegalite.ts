// Vega-Lite v5 specs as MIME bundles: the spec itself for JupyterLab / VS Code, an SVG rendered
// in-process by vega@5 (no canvas, headless renderer) for nbconvert, GitHub and classic Notebook,
// and a one-line text summary. No text/html, so that front ends without a Vega renderer pick the SVG.
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { MimeBundle } from "./protocol";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

export type VegaLiteSpec = Record<string, unknown>;

/** True for a plain object that declares a Vega-Lite $schema (any version 5 URL). */
export function isVegaLiteSpec(value: unknown): value is VegaLiteSpec {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const schema = (value as Record<string, unknown>)["$schema"];
  return typeof schema === "string" && schema.includes("vega-lite");
}

/** Compiles a Vega-Lite spec and renders it to an SVG string. Throws with vega-lite's message on a bad spec. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // vega annotates the inline data rows it renders (Symbol(vega_id), calculated fields): render a copy
  // so that the caller's spec stays as it was.
  const compiled = vegaLite.compile(structuredClone(spec) as any).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A one-line text/plain summary: the title (if any) and the mark or composition. */
export function summarise(spec: VegaLiteSpec): string {
  const title = typeof spec.title === "string" ? spec.title : (spec.title as any)?.text;
  const mark = typeof spec.mark === "string" ? spec.mark : (spec.mark as any)?.type;
  const kind =
    mark ?? ["layer", "hconcat", "vconcat", "concat", "facet", "repeat"].find((k) => k in spec) ?? "chart";
  return `<Vega-Lite ${kind} chart${title ? `: ${title}` : ""}>`;
}

/** The full MIME bundle of a spec: Vega-Lite JSON, SVG and text. */
export async function vegaLiteBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  return {
    [VEGALITE_MIME]: spec,
    "image/svg+xml": await renderSvg(spec),
    "text/plain": summarise(spec),
  };
}
