// Clustered 2-D data for the clustered-prior experiments of Mathieu et al. (2019) §6.2: pinwheels
// (Johnson et al. 2016, `make_pinwheel_data` of the SVAE code) and spirals. The cluster (arm) is the
// one factor.
import { Rng } from "../toolkit/compute/rng";
import { GeneratedDataset, generated, nonNegative, positiveInt } from "./generated";

export interface PinwheelOptions {
  /** Arms (default 4: Mathieu §6.2 fits a mixture of four Gaussians). */
  classes?: number;
  /** Examples per arm (default 250). */
  perClass?: number;
  /** Johnson et al.'s defaults: radial 0.3, tangential 0.05, rate 0.25. */
  radialStd?: number;
  tangentialStd?: number;
  rate?: number;
  seed?: number;
}

function armInfo(classes: number) {
  return { names: ["arm"], sizes: [classes], values: [Array.from({ length: classes }, (_, c) => c)] };
}

/**
 * Pinwheels: f = (1 + radialStd·ε₁, tangentialStd·ε₂), rotated by 2πc/classes + rate·exp(f₁), times 10
 * (Johnson et al. 2016). Unlike the original, examples are not permuted (batches shuffle) and keep
 * their arm label.
 */
export function pinwheels(options: PinwheelOptions = {}): GeneratedDataset<{ classes: number }> {
  const classes = positiveInt("pinwheels: classes", options.classes ?? 4);
  const per = positiveInt("pinwheels: perClass", options.perClass ?? 250);
  const radial = nonNegative("pinwheels: radialStd", options.radialStd ?? 0.3);
  const tangential = nonNegative("pinwheels: tangentialStd", options.tangentialStd ?? 0.05);
  const rate = options.rate ?? 0.25;
  if (!Number.isFinite(rate)) throw new Error(`pinwheels: rate must be a finite number, got ${rate}`);
  const rng = new Rng(options.seed ?? 0);
  const n = classes * per;
  const x = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / per);
    const f1 = 1 + radial * rng.normal();
    const f2 = tangential * rng.normal();
    const angle = (2 * Math.PI * c) / classes + rate * Math.exp(f1);
    // einsum('ti,tij->tj') with rotation [[cos, -sin], [sin, cos]]: row vector times matrix.
    x[2 * i] = 10 * (f1 * Math.cos(angle) + f2 * Math.sin(angle));
    x[2 * i + 1] = 10 * (-f1 * Math.sin(angle) + f2 * Math.cos(angle));
    labels[i] = c;
  }
  return generated({ name: `pinwheels(${classes})`, shape: [2], x, factors: { info: armInfo(classes), indices: labels } }, { classes });
}

export interface SpiralOptions {
  /** Arms (default 2). */
  classes?: number;
  /** Examples per arm (default 500). */
  perClass?: number;
  /** Turns of each arm (default 1). */
  turns?: number;
  /** Standard deviation of isotropic Gaussian noise (default 0.05). */
  noise?: number;
  seed?: number;
}

/**
 * Spirals: arm c at t ~ U[0, 1] is t·(cos φ, sin φ) with φ = 2πc/classes + 2π·turns·t, plus noise.
 * Mathieu et al. do not specify theirs; this is polarlab's parameterisation.
 */
export function spirals(options: SpiralOptions = {}): GeneratedDataset<{ classes: number; turns: number }> {
  const classes = positiveInt("spirals: classes", options.classes ?? 2);
  const per = positiveInt("spirals: perClass", options.perClass ?? 500);
  const turns = options.turns ?? 1;
  if (!(turns > 0)) throw new Error(`spirals: turns must be > 0, got ${turns}`);
  const noise = nonNegative("spirals: noise", options.noise ?? 0.05);
  const rng = new Rng(options.seed ?? 0);
  const n = classes * per;
  const x = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / per);
    t[i] = rng.uniform();
    const phi = (2 * Math.PI * c) / classes + 2 * Math.PI * turns * t[i];
    x[2 * i] = t[i] * Math.cos(phi) + noise * rng.normal();
    x[2 * i + 1] = t[i] * Math.sin(phi) + noise * rng.normal();
    labels[i] = c;
  }
  return generated(
    { name: `spirals(${classes})`, shape: [2], x, factors: { info: armInfo(classes), indices: labels }, sources: { data: t, dim: 1 } },
    { classes, turns },
  );
}
