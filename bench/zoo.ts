// Benchmark (a figure, not a test): ms per training step of each model of the zoo against the plain β-VAE, on the
// active backend, architecture mnistMlp on 28×28×1 binary images, batch 64, latent 10 (VGON's second-order step
// costs about three decoder passes; FactorVAE's includes its discriminator step).
// Usage: node dist/bench/zoo.js [steps=10] [architecture=mnistMlp]   (POLARLAB_BACKEND applies)
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../toolkit/compute/backend";
import { Rng } from "../toolkit/compute/random";
import { ArchitectureName, createModel, ModelConfig } from "../toolkit/models";
import { Trainer } from "../toolkit/train";

const STEPS = Number(process.argv[2] ?? 10);
const ARCH = (process.argv[3] ?? "mnistMlp") as ArchitectureName;

const KINDS: Array<Partial<ModelConfig> & { kind: string }> = [
  { kind: "betaVAE" },
  { kind: "betaTCVAE" },
  { kind: "betaTCVAE", estimator: "mss" },
  { kind: "dipVAE" },
  { kind: "annealedVAE" },
  { kind: "factorVAE" },
  { kind: "iVAE", auxDim: 5 },
  { kind: "vgon" },
  { kind: "betaVAESigma" },
  { kind: "decomposition", prior: { kind: "sparse" }, alpha: 1 },
];

async function main(): Promise<void> {
  const backend = await ensureBackend();
  const rng = new Rng(1);
  const x = tf.tensor4d(Float32Array.from({ length: 64 * 28 * 28 }, () => (rng.uniform() < 0.3 ? 1 : 0)), [64, 28, 28, 1]);
  const u = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 5), "int32"), 5).toFloat() as tf.Tensor2D;
  console.log(`backend ${backend}, architecture ${ARCH}, batch 64, latent 10, ${STEPS} timed steps after 2 warm-up steps`);
  for (const config of KINDS) {
    const model = createModel({ architecture: ARCH, inputShape: [28, 28, 1], latent: 10, ...config });
    async function* batches(n: number) {
      for (let i = 0; i < n; i++) yield { x: x.clone(), u: u.clone() };
    }
    const trainer = new Trainer(model);
    await trainer.train(batches(2), { steps: 2, progress: false, curve: false });
    const t = performance.now();
    await trainer.train(batches(STEPS), { steps: 2 + STEPS, progress: false, curve: false });
    const ms = (performance.now() - t) / STEPS;
    const label = [config.kind, config.estimator].filter(Boolean).join(" ");
    console.log(`${label.padEnd(18)} ${ms.toFixed(1).padStart(8)} ms/step`);
    trainer.dispose();
    model.dispose();
  }
  tf.dispose([x, u]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
