// Model configs: unknown keys are errors that suggest the closest valid key, NaN and ±Infinity are reported as
// themselves (not as JSON's "null"), and every built-in kind's filled-in config uses only its declared keys.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createModel, modelKeys, MODEL_KEYS } from "../../../toolkit/models";
import { closest, showValue } from "../../../toolkit/runtime/values";

const small = { architecture: "linear" as const, inputShape: [4], latent: 2 };

describe("createModel config checks", () => {
  test("a misspelt hyperparameter is an error naming it and the key it probably meant", () => {
    assert.throws(() => createModel({ kind: "betaVAE", ...small, betta: 4 }), /createModel\(betaVAE\): unknown key "betta" \(did you mean "beta"\?\); a betaVAE config takes kind, architecture/);
    assert.throws(() => createModel({ kind: "factorVAE", ...small, gamaTC: 4 }), /unknown key "gamaTC" \(did you mean "gammaTC"\?\)/);
    assert.throws(() => createModel({ kind: "ae", ...small, beta: 4 }), /createModel\(ae\): unknown key "beta"/);
    assert.throws(() => createModel({ kind: "betaVae", ...small }), /got "betaVae" \(did you mean "betaVAE"\?\)/);
  });

  test("NaN and Infinity are reported as such", () => {
    assert.throws(() => createModel({ kind: "betaVAE", ...small, beta: NaN }), /beta must be a non-negative number \(weight of the KL term\), got NaN/);
    assert.throws(() => createModel({ kind: "betaVAE", ...small, latent: Infinity }), /latent must be a positive integer, got Infinity/);
    assert.throws(() => createModel({ kind: "betaVAE", ...small, inputShape: [4, -Infinity] }), /inputShape\[1\] must be a positive integer, got -Infinity/);
  });

  test("each built-in kind's filled-in config has only its declared keys", () => {
    for (const kind of Object.keys(MODEL_KEYS)) {
      const model = createModel({ kind, ...small, ...(kind === "iVAE" ? { auxDim: 3 } : {}) });
      const extra = Object.keys(model.config).filter((k) => !modelKeys(kind).includes(k));
      assert.deepEqual(extra, [], kind);
      model.dispose();
    }
  });
});

describe("showValue and closest", () => {
  test("spell out non-finite numbers inside structures; suggest only near names", () => {
    assert.equal(showValue({ a: NaN, b: [Infinity, 1, "x"] }), '{"a":NaN,"b":[Infinity,1,"x"]}');
    assert.equal(showValue(-Infinity), "-Infinity");
    assert.equal(showValue(undefined), "undefined");
    assert.equal(closest("lattent", ["latent", "seed"]), "latent");
    assert.equal(closest("completelyDifferent", ["latent", "seed"]), undefined);
  });
});
