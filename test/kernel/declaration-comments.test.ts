// kernel/declaration-comments.ts: comments leave a declaration file and nothing else does. Checked on
// hand-written cases (strings, template literal types, triple-slash directives) and on every declaration
// file tslab's converter loads at start-up (the ES2022 library, @types/node), against TypeScript itself: the
// stripped and the original text parse to the same declarations (each statement printed without comments), with the
// same references, and the stripped text holds no comment.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { stripComments } from "../../kernel/declaration-comments";
import type * as TS from "typescript";
import { ts } from "../../kernel/tslab-typescript";

describe("stripComments", () => {
  test("removes line and block comments, keeping line breaks, strings, template types and directives", () => {
    const text = [
      '/// <reference lib="es2020" />',
      "/** Documented.",
      " * @param x a value */",
      "declare function f(x: string /* inline */): void; // trailing",
      'declare const url: "http://example.org/*not a comment*/";',
      "declare const q: '// neither';",
      "type Px = `${number}px//${`/*${string}*/`}`;",
      "type O = { a: `${'}'}` }; /* last */",
    ].join("\n");
    assert.equal(
      stripComments(text),
      [
        '/// <reference lib="es2020" />',
        "",
        "",
        "declare function f(x: string ): void; ",
        'declare const url: "http://example.org/*not a comment*/";',
        "declare const q: '// neither';",
        "type Px = `${number}px//${`/*${string}*/`}`;",
        "type O = { a: `${'}'}` }; ",
      ].join("\n"),
    );
  });

  test("the converter's library and @types/node keep every declaration and reference", () => {
    const lib = path.dirname(ts.getDefaultLibFilePath({}));
    const nodeTypes = path.dirname(require.resolve("@types/node/package.json"));
    const files = [
      ...fs.readdirSync(lib).filter((f) => /^lib\.es20(1\d|2[0-2])(\..+)?\.d\.ts$|^lib\.es5\.d\.ts$|^lib\.decorators.*\.d\.ts$/.test(f)).map((f) => path.join(lib, f)),
      ...fs.readdirSync(nodeTypes, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".d.ts")).map((f) => path.join(nodeTypes, f)),
    ];
    assert.ok(files.length > 60, `found ${files.length} files`);
    const printer = ts.createPrinter({ removeComments: true });
    const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    for (const file of files) {
      const original = parse(file, fs.readFileSync(file, "utf8"));
      const stripped = parse(file, stripComments(original.text));
      const print = (f: TS.SourceFile) => f.statements.map((node) => printer.printNode(ts.EmitHint.Unspecified, node, f)).join("\n");
      assert.equal(print(stripped), print(original), file);
      for (const key of ["referencedFiles", "typeReferenceDirectives", "libReferenceDirectives"] as const) {
        assert.deepEqual(stripped[key].map((r) => r.fileName), original[key].map((r) => r.fileName), `${file}: ${key}`);
      }
      assert.equal((stripped as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length, 0, file);
      ts.forEachChild(stripped, function visit(node): void {
        const comments = (ts.getLeadingCommentRanges(stripped.text, node.pos) ?? []).filter((r) => !/^\/\/\/\s*</.test(stripped.text.slice(r.pos, r.end)));
        assert.equal(comments.length, 0, `${file}: a comment is left before ${ts.SyntaxKind[node.kind]} at ${node.pos}`);
        ts.forEachChild(node, visit);
      });
    }
  });
});
