// Chart as a value: display bundle, SVG, save by extension, and the saved self-contained .html drawn
// by headless Chromium (Debian's chromium, as CI installs it) with the theme's colours on screen.
import { test, describe } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PNG } from "pngjs";
import { Chart, CHART_EXTENSIONS } from "../../../toolkit/charts/chart";
import { variableTypeCounts } from "../../../toolkit/charts/counts";
import { VARIABLE_TYPE_COLORS } from "../../../toolkit/charts/theme";
import { DISPLAY, isDisplayable } from "../../../toolkit/display/protocol";
import { VEGALITE_MIME } from "../../../toolkit/display/vegalite";

const CHROMIUM = "/usr/bin/chromium";

function sampleChart(): Chart {
  return variableTypeCounts(
    [
      { beta: 1, active: 8, mixed: 1, passive: 1 },
      { beta: 4, active: 5, mixed: 2, passive: 3 },
      { beta: 16, active: 1, mixed: 1, passive: 8 },
    ],
    { title: "counts" },
  );
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "polarlab-charts-"));
}

describe("Chart", () => {
  test("rejects a value that is not a Vega-Lite spec", () => {
    assert.throws(() => new Chart({ mark: "bar" }), /Vega-Lite spec object with a "\$schema"/);
  });

  test("is displayable and its bundle holds the spec, a PNG in the theme's colours and a text summary", async () => {
    const chart = sampleChart();
    assert.ok(isDisplayable(chart));
    const bundle = await chart[DISPLAY]();
    assert.equal(bundle[VEGALITE_MIME], chart.spec);
    assert.equal(bundle["image/svg+xml"], undefined, "no SVG: nbconvert would pick it over the PNG and strip it");
    const png = PNG.sync.read(Buffer.from(String(bundle["image/png"]), "base64"));
    const present = new Set<string>();
    for (let p = 0; p < png.width * png.height; p++) present.add(Array.from(png.data.subarray(4 * p, 4 * p + 3), (v) => v.toString(16).padStart(2, "0")).join(""));
    for (const [type, colour] of Object.entries(VARIABLE_TYPE_COLORS)) assert.ok(present.has(colour.slice(1).toLowerCase()), `no ${type} bar (${colour}) in the PNG`);
    assert.equal(bundle["text/plain"], "<Vega-Lite bar chart: counts>");
  });

  test("rendering leaves the spec untouched (vega tags the data rows it ingests)", async () => {
    const chart = sampleChart();
    const before = JSON.stringify(chart.spec);
    await chart.toSVG();
    await chart[DISPLAY]();
    assert.equal(JSON.stringify(chart.spec), before);
    for (const row of (chart.spec as any).data.values) assert.deepEqual(Object.getOwnPropertySymbols(row), []);
  });

  test("properties() returns a new chart and leaves the original alone", () => {
    const chart = sampleChart();
    const wider = chart.properties({ title: "renamed" });
    assert.equal(wider.spec.title, "renamed");
    assert.equal(chart.spec.title, "counts");
    assert.deepEqual(chart.check(), []);
  });

  test("save() writes SVG, spec JSON and HTML by extension, and names the expected extensions otherwise", async () => {
    const dir = tmpdir();
    const chart = sampleChart();
    const svg = await chart.save(path.join(dir, "sub", "c.svg"));
    assert.match(fs.readFileSync(svg, "utf8"), /^<svg[\s\S]*<\/svg>$/);
    const json = await chart.save(path.join(dir, "c.vl.json"));
    assert.deepEqual(JSON.parse(fs.readFileSync(json, "utf8")), chart.spec);
    const html = fs.readFileSync(await chart.save(path.join(dir, "c.html")), "utf8");
    assert.ok(html.includes("vegaEmbed(\"#chart\""));
    assert.ok(!/<script[^>]+src=/.test(html), "no external scripts: the page must open offline");
    assert.ok(html.length > 500_000, "vega, vega-lite and vega-embed are inlined");
    await assert.rejects(chart.save(path.join(dir, "c.png")), new RegExp(`expected one of ${CHART_EXTENSIONS.join(", ").replace(/\./g, "\\.")}`));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a spec whose strings contain </script> stays inside its script element", () => {
    const html = new Chart({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "</script><b>x", mark: "point" }).toHTML();
    const body = html.slice(html.indexOf("<div id=\"chart\">"));
    assert.equal((body.match(/<\/script>/g) ?? []).length, 1);
  });

  test("the saved .html draws the chart in headless Chromium", { skip: fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install -y chromium)` }, async () => {
    const dir = tmpdir();
    const file = await sampleChart().save(path.join(dir, "chart.html"));
    const shot = path.join(dir, "shot.png");
    execFileSync(
      CHROMIUM,
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", `--user-data-dir=${path.join(dir, "profile")}`, "--virtual-time-budget=5000",
        `--screenshot=${shot}`, "--window-size=800,600", `file://${file}`],
      { timeout: 90_000, stdio: "ignore" },
    );
    const png = PNG.sync.read(fs.readFileSync(shot));
    let nonWhite = 0;
    const seen = { active: 0, mixed: 0, passive: 0 };
    const rgb = Object.fromEntries(Object.entries(VARIABLE_TYPE_COLORS).map(([t, hex]) => [t, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]));
    for (let p = 0; p < png.width * png.height; p++) {
      const [r, g, b] = [png.data[4 * p], png.data[4 * p + 1], png.data[4 * p + 2]];
      if (r < 250 || g < 250 || b < 250) nonWhite++;
      for (const t of Object.keys(seen) as (keyof typeof seen)[]) {
        if (Math.abs(r - rgb[t][0]) + Math.abs(g - rgb[t][1]) + Math.abs(b - rgb[t][2]) < 12) seen[t]++;
      }
    }
    assert.ok(nonWhite > 2000, `only ${nonWhite} non-white pixels`);
    // Each variable type's bars are on screen in its theme colour: the chart was drawn, not an error text.
    for (const [t, n] of Object.entries(seen)) assert.ok(n > 100, `${t} colour on ${n} pixels`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
