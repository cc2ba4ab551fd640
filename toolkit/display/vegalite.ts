// Vega-Lite v5 specs as MIME bundles: the spec itself for JupyterLab / VS Code, a PNG at twice the
// chart's size (vega@5's headless SVG, rasterised by resvg) for nbconvert, GitHub, classic Notebook
// and mail previews, and a one-line text summary. No image/svg+xml: nbconvert ranks it above PNG and
// then strips its elements (lxml's clean_html); no text/html: JupyterLab would rank it above Vega-Lite.
// docs/decisions.md, "Charts in every viewer".
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { svgToPng } from "./png";
import { BUNDLE_METADATA, type MimeBundle } from "./protocol";

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

/** The full MIME bundle of a spec: Vega-Lite JSON, a 2x PNG (shown at the chart's size) and text. */
export async function vegaLiteBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  const png = svgToPng(await renderSvg(spec));
  const bundle: MimeBundle = { [VEGALITE_MIME]: spec, "image/png": png.base64, "text/plain": summarise(spec) };
  return Object.assign(bundle, { [BUNDLE_METADATA]: { "image/png": { width: png.width, height: png.height } } });
}
