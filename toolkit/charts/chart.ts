// A chart is a value (Altair's idea; docs/decisions.md, "Charts"): a Vega-Lite v5 spec that displays itself in a
// notebook through [Symbol.for("Jupyter.display")]() and saves itself as .svg, .html or .vl.json.
import * as fs from "node:fs";
import * as path from "node:path";
import { DISPLAY, type Displayable, type MimeBundle } from "../display/protocol";
import { isVegaLiteSpec, renderSvg, vegaLiteBundle, VEGALITE_MIME, type VegaLiteSpec } from "../display/vegalite";
import { compileSpec } from "./compile";
import { standaloneHtml } from "./html";

/** The file formats save() writes, chosen by the path's extension. */
export const CHART_EXTENSIONS = [".svg", ".html", ".vl.json", ".json"] as const;

export class Chart implements Displayable {
  readonly spec: VegaLiteSpec;

  constructor(spec: VegaLiteSpec) {
    if (!isVegaLiteSpec(spec)) {
      throw new TypeError(`Chart: expected a Vega-Lite spec object with a "$schema" naming vega-lite, got ${JSON.stringify(spec)?.slice(0, 120)}`);
    }
    this.spec = spec;
  }

  /** The notebook bundle: Vega-Lite JSON, a server-rendered PNG and a one-line text summary. */
  async [DISPLAY](): Promise<MimeBundle> {
    // vega tags the inline data rows it ingests (a Symbol id, fields from calculate transforms), so it
    // renders a copy and the bundle carries the untouched spec.
    return { ...(await vegaLiteBundle(structuredClone(this.spec))), [VEGALITE_MIME]: this.spec };
  }

  /** The chart rendered to SVG in-process by vega (no browser). */
  toSVG(): Promise<string> {
    return renderSvg(structuredClone(this.spec));
  }

  /** A self-contained HTML page that draws the chart offline. */
  toHTML(): string {
    const title = typeof this.spec.title === "string" ? this.spec.title : (this.spec.title as any)?.text;
    return standaloneHtml(this.spec, title);
  }

  toJSON(): VegaLiteSpec {
    return this.spec;
  }

  /** vega-lite's warnings for this spec (an empty array for a clean chart); throws on an invalid spec. */
  check(): string[] {
    return compileSpec(this.spec).warnings;
  }

  /** A new chart with top-level properties replaced (title, width, height, …), like Altair's. */
  properties(props: Record<string, unknown>): Chart {
    return new Chart({ ...this.spec, ...props });
  }

  /**
   * Writes the chart by extension: .svg (rendered SVG), .html (self-contained page), .vl.json or
   * .json (the spec). Creates missing parent folders. Returns the absolute path written.
   */
  async save(file: string): Promise<string> {
    const lower = file.toLowerCase();
    let content: string;
    if (lower.endsWith(".svg")) content = await this.toSVG();
    else if (lower.endsWith(".html") || lower.endsWith(".htm")) content = this.toHTML();
    else if (lower.endsWith(".json")) content = JSON.stringify(this.spec, null, 2) + "\n";
    else {
      throw new RangeError(`Chart.save: path "${file}" has no known extension; expected one of ${CHART_EXTENSIONS.join(", ")}`);
    }
    const full = path.resolve(file);
    await fs.promises.mkdir(path.dirname(full), { recursive: true });
    await fs.promises.writeFile(full, content, "utf8");
    return full;
  }
}
