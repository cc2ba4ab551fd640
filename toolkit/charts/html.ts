// A self-contained HTML page for a spec: vega, vega-lite and vega-embed are inlined from
// node_modules, so the saved file draws the chart offline in any browser (Chart.save(path)).
import * as fs from "node:fs";
import * as path from "node:path";
import type { VegaLiteSpec } from "../display/vegalite";
import { escapeHtml } from "../display/html";

const LIBRARIES = [
  ["vega", "vega.min.js"],
  ["vega-lite", "vega-lite.min.js"],
  ["vega-embed", "vega-embed.min.js"],
] as const;

let cachedScripts: string | undefined;

/** The minified browser builds sit beside each package's main file (build/); read once per process. */
function libraryScripts(): string {
  if (cachedScripts !== undefined) return cachedScripts;
  cachedScripts = LIBRARIES.map(([pkg, file]) => {
    const full = path.join(path.dirname(require.resolve(pkg)), file);
    if (!fs.existsSync(full)) throw new Error(`charts: ${full} is missing; reinstall the npm package "${pkg}"`);
    // A literal "</script" inside the code would end the inline <script> element early.
    return `<script>${fs.readFileSync(full, "utf8").replace(/<\/script/gi, "<\\/script")}</script>`;
  }).join("\n");
  return cachedScripts;
}

/** JSON that is safe inside a <script> element (no "<" that could close it). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The page: the spec rendered by vega-embed as SVG; a rendering error is written into the page. */
export function standaloneHtml(spec: VegaLiteSpec, title = "polarlab chart"): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>body { margin: 16px; font-family: Helvetica, Arial, sans-serif; background: white; }</style>
${libraryScripts()}
</head>
<body>
<div id="chart"></div>
<script>
vegaEmbed("#chart", ${scriptJson(spec)}, { renderer: "svg", actions: false })
  .catch(function (e) { document.getElementById("chart").textContent = "chart error: " + e; });
</script>
</body>
</html>
`;
}
