// tslab's cell converter as polarlab installs it (patches/tslab+1.0.22.patch, applied by patch-package on
// npm install): a later cell's references to earlier cells' variables become `exports.name`, but names
// of properties never do. Without the patch, the property name of a destructuring rename whose type was
// declared in an earlier cell (`xs.map(({ x: y }) => …)`) was turned into a binding named `exports`,
// which shadowed the module's exports: every earlier variable (the toolkit's `pl` included) read as
// undefined inside that function.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createConverter } from "tslab/dist/converter";

/** Converts `cell` after `earlier` and runs it against the earlier cell's values; returns the new exports. */
function run(earlier: Record<string, unknown>, earlierSource: string, cell: string): Record<string, unknown> {
  const converter = createConverter();
  try {
    const decl = converter.convert("", earlierSource).declOutput ?? "";
    const { output, diagnostics } = converter.convert(decl, cell);
    assert.deepEqual(diagnostics.map((d) => d.messageText), []);
    const exports: Record<string, unknown> = { ...earlier };
    new Function("exports", "require", output ?? "")(exports, require);
    return exports;
  } finally {
    converter.close();
  }
}

describe("tslab converter (patched)", () => {
  const earlierSource = "const xs = [{ x: 1, tables: 2 }];\nconst k = 10;";
  const earlier = { xs: [{ x: 1, tables: 2 }], k: 10 };
  test("a destructuring rename in a parameter keeps earlier variables reachable", () => {
    assert.deepEqual(run(earlier, earlierSource, "const l = xs.map(({ x: y, tables: t }) => y + t + k);").l, [13]);
  });
  test("a destructuring rename in a declaration, with an earlier variable as default", () => {
    const out = run(earlier, earlierSource, "const { x: y, missing: m = k } = { ...xs[0], missing: undefined };");
    assert.equal(out.y, 1);
    assert.equal(out.m, 10);
  });
  test("object literal property names stay names; their values still read earlier variables", () => {
    assert.deepEqual(run(earlier, earlierSource, "const o: (typeof xs)[number] = { x: k, tables: k + 1 };").o, { x: 10, tables: 11 });
  });
});
