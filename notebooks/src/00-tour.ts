// %% [markdown]
// # A tour of polarlab
//
// polarlab is a TypeScript Jupyter kernel with a research toolkit preloaded for studying what
// variational autoencoders (VAEs) learn in their latent space: the *polarised regime* (active, mixed
// and passive variables), posterior collapse, mean vs sampled representations, representational
// similarity and the choice of the number of latent dimensions (FONDUE).
//
// This tour shows what every cell sees without imports, loads a dataset, trains a β-VAE with live
// progress, looks at its representations and variable types, draws a chart, and checks a metric on
// arbitrary arrays. The five study notebooks (01–05) then reproduce the papers' findings.

// %% tags=["parameters"]
// Scale of the run: "smoke" (seconds, for CI), "quick" (minutes on a laptop), "reference" (≤ 30 min on
// 2 cores: several seeds, models that learn), "paper" (a GPU).
let scale = "quick";

// %% [markdown]
// ## What the prelude gives
//
// The whole toolkit is reachable as `pl` (`pl.metrics`, `pl.datasets`, `pl.charts`, `pl.studies`, …) and
// its most used names are imported bare (`display`, `createModel`, `train`, `variableTypes`,
// `linearCKA`, `dsprites`, …). `info()` names the versions and the compute backend in use.

// %%
info()

// %%
const bare = ["display", "progress", "createModel", "train", "variableTypes", "linearCKA", "dsprites", "charts", "metrics"];
console.log(`${Object.keys(pl).length} names in pl; bare names present: ${bare.filter((n) => n in pl).join(", ")}`);

// %% [markdown]
// ## Claims checked in this notebook
//
// Every notebook checks the papers' findings on *this run's numbers* with a `pl.studies.ClaimLog`. A
// claim is a value: the paper and place, the statement, the quantity measured (with its 95 % interval
// where there is one), a threshold with its source (the paper's words, the spread over seeds, or a
// noise floor), and a verdict computed from them. Claims on trained models are "not testable" unless
// the models learned. The log is saved as `00-tour.claims.json`, which `polarlab main` gathers.

// %%
const S = pl.studies.checkScale(scale);
const claims = new pl.studies.ClaimLog("00-tour", S);

// %% [markdown]
// ## The scale of this run
//
// `smoke` trains for a few dozen steps on a small subsample (it only checks that everything runs);
// `quick` trains long enough for the regime to show. `reference` runs the tour at quick's size: the tour
// shows the toolkit, and the studies (01–07) are where the reference scale tests the papers' findings.

// %%
const quickSetup = { n: 10000, size: 32, steps: 1500, latent: 10, probe: 2000 };
const setup = {
  smoke: { n: 500, size: 16, steps: 20, latent: 6, probe: 200 },
  quick: quickSetup,
  reference: quickSetup,
  paper: { n: 100000, size: 64, steps: 30000, latent: 10, probe: 10000 },
}[S];
setup

// %% [markdown]
// ## A dataset
//
// dSprites (Higgins et al., 2017): 737,280 binary 64×64 images of a square, an ellipse or a heart
// under five ground-truth factors, regenerated in-process. We take a seeded subsample, average-pooled
// to size × size pixels below 64 so that a laptop CPU trains it in minutes.

// %%
const full = dsprites();
const data = pl.studies.pooledDsprites(setup.n + setup.probe, setup.size, 0);
const { train: trainSet, test: probeSet } = data.split({ test: setup.probe / (setup.n + setup.probe), seed: 0 });
console.log(`${full.name}: ${full.length} images of shape ${full.shape.join("×")}; factors ${full.factors!.names.join(", ")}`);
console.log(`${data.name}: ${trainSet.length} training images, ${probeSet.length} held out, each ${data.shape.join("×")}`);

// %% [markdown]
// ## Training a β-VAE with live progress
//
// A model is a configuration plus a network (`createModel`); one trainer runs every model (`train`),
// showing a progress bar and the loss terms as it goes. An interrupt (■ in JupyterLab) stops it
// within a step and keeps the model.

// %%
const model = createModel({ kind: "betaVAE", architecture: "mnistMlp", inputShape: data.shape, latent: setup.latent, beta: 4, likelihood: "bernoulli", seed: 0 });
const run = await train(model, trainSet, { steps: setup.steps, batchSize: 64, learningRate: 1e-3, seed: 0, logEvery: Math.max(1, Math.floor(setup.steps / 20)) });
console.log(`trained ${run.steps} steps; last loss ${run.history[run.history.length - 1].loss.toFixed(2)}`);

// %%
charts.trainingCurves(run.history, { terms: ["loss", "reconstruction", "kl"], title: "β-VAE (β = 4) training on dSprites" })

// %% [markdown]
// ## Its representations
//
// The encoder gives, for each image, a mean μ, a variance σ² and a sample z = μ + σ·ε. We measure
// them on a fixed probe of held-out images.

// %%
const probe = probeSet.toTensor();
const reps = model.encode(probe);
const variance = await reps.variance.array();
const mean = await reps.mean.array();
const sampled = await reps.sampled.array();
for (const t of Object.values(reps)) t.dispose();
console.log(`mean, variance and sampled representations: ${mean.length} × ${mean[0].length}`);

// %% [markdown]
// ## Variable types
//
// Thesis Definition 6.3.1 and §6.4.1: with α = 0.1, a latent is *active* when its variance σ²ⱼ is
// consistently near 0 over the data, *passive* when it is consistently near 1 (the prior), *mixed*
// otherwise.

// %%
const types = variableTypes(variance);
console.log(`active ${types.active.join(", ") || "none"} · mixed ${types.mixed.join(", ") || "none"} · passive ${types.passive.join(", ") || "none"}`);

// %%
charts.latentHistograms(charts.representationRows({ mean: mean, variance: variance }), { types: types, title: "μ and σ² of each latent over the probe" })

// %% [markdown]
// ## Tables as DataFrames
//
// Study tables and training histories are arrays of row objects; `toDataFrame(rows)` makes a danfo.js
// DataFrame of one (a study result has `result.toDataFrame(name)` for each of its tables). danfo.js loads
// on the first call, so the kernel starts without it. A DataFrame displays as a table; here the latents'
// variance over the probe, one row per image and latent, grouped by variable type.

// %%
const typeOf = (j: number) => (types.active.includes(j) ? "active" : types.passive.includes(j) ? "passive" : "mixed");
const latentRows = variance.flatMap((row) => row.map((v, j) => ({ latent: j, type: typeOf(j), variance: v })));
toDataFrame(latentRows).groupby(["type"]).agg({ variance: ["mean", "max"], latent: ["count"] })

// %%
toDataFrame(run.history).tail(5)

// %% [markdown]
// ## A quick metric check on arbitrary arrays
//
// Metrics are pure functions of matrices (tensors, typed arrays with a shape, or `number[][]`). Linear
// CKA is invariant to rotations and isotropic scaling (Kornblith et al., 2019; thesis §7.2.1):
// CKA(X, 3·XQ) = CKA(X, X) = 1 for any orthogonal Q, while two independent noise matrices score near 0.

// %%
let state = 12345;
const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const X = Array.from({ length: 200 }, () => Array.from({ length: 4 }, () => uniform() - 0.5));
const angle = 0.7;
const rotated = X.map(([a, b, c, d]) => [3 * (Math.cos(angle) * a - Math.sin(angle) * b), 3 * (Math.sin(angle) * a + Math.cos(angle) * b), 3 * c, 3 * d]);
const noise = X.map(() => Array.from({ length: 4 }, () => uniform() - 0.5));
const ckaRotated = linearCKA(X, rotated);
const ckaNoise = linearCKA(X, noise);
// An invariance of the metric itself is a unit test (test/toolkit/metrics), not a finding to check here.
({ ckaRotated, ckaNoise })

// %% [markdown]
// ## The polarised regime in this model
//
// Rolinek et al. (2019) and thesis ch. 4: a VAE trained with enough regularisation keeps only the
// latents it needs active (σ² ≈ 0) and switches the rest off (passive, σ² ≈ 1). With β = 4 on
// dSprites (5 factors) and more latents than factors, both kinds should appear.

//
// The claim is about a model that learned, so it is gated: the β-VAE's held-out reconstruction loss must
// beat the mean training image's (the best constant predictor under the same Bernoulli likelihood).

// %%
const heldOut = pl.studies.probeSet(probeSet, probeSet.length, 0);
const reconstruction = await pl.studies.reconstructionLoss(model, heldOut, { datasetSize: trainSet.length });
// The mean image of (up to) 5,000 training images: the constant predictor the model must beat.
const trainSample = pl.studies.probeSet(trainSet, Math.min(trainSet.length, 5000), 0);
const meanImage = metrics.meanImageReconstruction(pl.studies.imageRows(probe), { likelihood: "bernoulli", fittedOn: pl.studies.imageRows(trainSample.x) });
trainSample.dispose();
heldOut.dispose();
claims.check({
  id: "tour.polarised-regime",
  paper: "Bonheme (thesis)", place: "§6.3 (after Definition 4.1.1); Rolinek et al. (2019)",
  statement: "a VAE learning in the polarised regime keeps some variables active and shuts the superfluous ones down (passive)",
  quantity: "min(active, passive) variables of the β-VAE (β = 4) over the held-out probe",
  estimate: pl.studies.singleEstimate(Math.min(types.active.length, types.passive.length)),
  threshold: { comparison: ">", value: 0, source: { kind: "paper", quote: "the existence of active and passive variables is a necessary condition for the VAEs to provide a good reconstruction" } },
  gates: [pl.studies.learnedGate([{ label: "β-VAE β = 4", reconstruction, baseline: meanImage, baselineName: "mean image" }])],
  evidence: `${types.active.length} active, ${types.mixed.length} mixed, ${types.passive.length} passive of ${types.meanVariance.length}; held-out reconstruction ${reconstruction.toFixed(1)} vs mean image ${meanImage.toFixed(1)} nats after ${run.steps} steps`,
});

// %%
model.dispose();
probe.dispose();
console.log(claims.summary());
