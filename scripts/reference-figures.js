#!/usr/bin/env node
// Renders the README's key figures (docs/figures/*.svg) from the Vega-Lite charts of the reference-scale
// notebooks committed in notebooks/reference/: each figure is the chart of the given notebook with the given
// title, so the figures always show the committed reference run. Needs `npm run build` (it uses dist/).
// Usage: node scripts/reference-figures.js
const fs = require("node:fs");
const path = require("node:path");
const { renderSvg, VEGALITE_MIME } = require("../dist/toolkit/display/vegalite");
const { writeFileAtomic } = require("../dist/toolkit/runtime/files");

const root = path.join(__dirname, "..");
const FIGURES = [
  ["vgon-kl-vs-beta", "01-vgon-collapse", "KL divergence against β (dsprites)"],
  ["vgon-variable-types-vs-beta", "01-vgon-collapse", "Active, mixed and passive variables against β (dsprites)"],
  ["vgon-vae-cka-mean", "01-vgon-collapse", "CKA of the mean representations, vgon × betaVAE (dsprites)"],
  ["tc-mean-vs-sampled", "03-mean-vs-sampled", "TC of mean and sampled representations (all) (dsprites)"],
  ["tc-mean-vs-sampled-no-passive", "03-mean-vs-sampled", "TC of mean and sampled representations (noPassive) (dsprites)"],
  ["cka-vs-procrustes", "04-similarity", "CKA and Procrustes with a shared fraction of features (Fig. 7.1)"],
  ["encoder-before-decoder", "04-similarity", "CKA between layers (training): β-VAE β=1: step 100 vs 2000"],
  ["fondue-trace-vs-passive", "05-fondue", "Trace difference against the number of passive variables (Prop. 8.3.2: = s)"],
  ["fondue-elbow", "05-fondue", "Elbow curves and the n found by FONDUE"],
];

/** Every Vega-Lite chart of an executed notebook, by its title; the first of a title where several share it
 * (notebook 05 draws one per architecture, the convolutional VAE of Table 8.1 first). */
function chartsOf(notebook) {
  const file = path.join(root, "notebooks", "reference", `${notebook}.ipynb`);
  const charts = new Map();
  for (const cell of JSON.parse(fs.readFileSync(file, "utf8")).cells) {
    for (const output of cell.outputs ?? []) {
      const spec = output.data?.[VEGALITE_MIME];
      const title = typeof spec?.title === "string" ? spec.title : spec?.title?.text;
      if (spec && !charts.has(title)) charts.set(title, spec);
    }
  }
  return charts;
}

async function main() {
  for (const [name, notebook, title] of FIGURES) {
    const spec = chartsOf(notebook).get(title);
    if (!spec) throw new Error(`notebooks/reference/${notebook}.ipynb has no chart titled ${JSON.stringify(title)}`);
    const file = path.join(root, "docs", "figures", `${name}.svg`);
    writeFileAtomic(file, await renderSvg(spec));
    console.log(`${path.relative(root, file)} ← ${notebook}: ${title}`);
  }
}

main().catch((err) => {
  console.error(`reference-figures: ${err.message}`);
  process.exit(1);
});
