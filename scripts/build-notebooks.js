#!/usr/bin/env node
// Builds notebooks/*.ipynb (without outputs) from their sources notebooks/src/*.ts, written in
// jupytext's "percent" format: `// %%` starts a code cell, `// %% [markdown]` a markdown cell whose
// lines are `// ` comments, and `// %% tags=["parameters"]` a tagged code cell. The sources are what
// we edit and review; the .ipynb files are what readers open (committed with a quick-scale run's outputs).
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");

const root = path.join(__dirname, "..", "notebooks");

function parseCells(source) {
  const cells = [];
  for (const block of source.split(/^\/\/ %%/m).slice(1)) {
    const newline = block.indexOf("\n");
    const header = block.slice(0, newline).trim();
    const body = block.slice(newline + 1).replace(/\s+$/, "");
    const tags = /tags=(\[.*\])/.exec(header);
    if (header.startsWith("[markdown]")) {
      const text = body.split("\n").map((l) => l.replace(/^\/\/ ?/, "")).join("\n");
      cells.push({ cell_type: "markdown", metadata: {}, source: text });
    } else {
      const metadata = tags ? { tags: JSON.parse(tags[1]) } : {};
      cells.push({ cell_type: "code", metadata, source: body, execution_count: null, outputs: [] });
    }
  }
  return cells;
}

function toNotebook(name, cells) {
  return {
    cells: cells.map((cell, i) => ({
      id: crypto.createHash("sha1").update(`${name}:${i}`).digest("hex").slice(0, 12),
      ...cell,
      source: splitLines(cell.source),
    })),
    metadata: {
      kernelspec: { name: "polarlab", display_name: "TypeScript (polarlab)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function splitLines(text) {
  const lines = text.split("\n");
  return lines.map((line, i) => (i < lines.length - 1 ? line + "\n" : line));
}

for (const file of fs.readdirSync(path.join(root, "src")).filter((f) => f.endsWith(".ts")).sort()) {
  const name = file.replace(/\.ts$/, "");
  const cells = parseCells(fs.readFileSync(path.join(root, "src", file), "utf8"));
  fs.writeFileSync(path.join(root, `${name}.ipynb`), JSON.stringify(toNotebook(name, cells), null, 1) + "\n");
  console.log(`notebooks/${name}.ipynb: ${cells.length} cells`);
}
