// The typed configuration of each model kind (Pythae's habit: one config type per model), with the defaults that
// createModel fills in. Defaults follow disentanglement_lib (latent 10, Bernoulli likelihood) and each model's
// paper, as cited on the model's class. createModel checks a config against its kind's keys once: an unknown key
// is an error that names the closest valid one, so `betta: 4` can no longer train a β = 1 model silently.
import type { MarginalKernel } from "../objectives/mmd";
import type { PriorConfig } from "../objectives/priors";
import type { ArchitectureName, LikelihoodName } from "./model";

/** Keys every kind takes. */
export interface CommonConfig {
  /** Network of the papers (default "conv": Burgess et al. 2018 / disentanglement_lib's encoder and decoder). */
  architecture?: ArchitectureName;
  /** Per-example input shape (default [64, 64, 1] for conv/fc, [28, 28, 1] for the MNIST architectures). */
  inputShape?: number[];
  /** Latent dimensions (default 10). */
  latent?: number;
  /** Seeds the initial weights (default 0). */
  seed?: number;
  /** Decoder likelihood (default "bernoulli"). */
  likelihood?: LikelihoodName;
  /** Gaussian decoder variance γ (default 1; thesis Eq. 4.3). */
  gamma?: number;
  /** Learn γ instead of fixing it (default false). */
  learnGamma?: boolean;
}

/** β-VAE (Higgins et al. 2017): β weighs the KL term (default 1: the plain VAE); betaWarmup (default 0: none)
 *  raises the weight linearly from 0 to β over that many steps (Sønderby et al. 2016's deterministic warm-up). */
export interface BetaVAEConfig extends CommonConfig { kind: "betaVAE"; beta?: number; betaWarmup?: number }
/** The deterministic autoencoder: no hyperparameters beyond the common ones. */
export interface AEConfig extends CommonConfig { kind: "ae" }
/** Annealed VAE (Burgess et al. 2018): capacity C rises to cMax nats (default 5) over iterationThreshold steps
 *  (default 100,000); gammaCapacity (default 1000) weighs |KL − C|. */
export interface AnnealedVAEConfig extends CommonConfig { kind: "annealedVAE"; cMax?: number; gammaCapacity?: number; iterationThreshold?: number }
/** β-TC-VAE (Chen et al. 2018): the TC weight is β − 1 (β default 2); estimator "mws" (default) or "mss". */
export interface BetaTCVAEConfig extends CommonConfig { kind: "betaTCVAE"; beta?: number; estimator?: "mws" | "mss" }
/** β-VAE with a full-covariance encoder (thesis §8): β default 1. */
export interface BetaVAESigmaConfig extends CommonConfig { kind: "betaVAESigma"; beta?: number }
/** Mathieu et al. 2019: α (default 0) weighs D(q(z), p(z)) by "mmd" (default) or "kl"; β default 1; a prior. */
export interface DecompositionConfig extends CommonConfig {
  kind: "decomposition";
  alpha?: number;
  beta?: number;
  divergence?: "mmd" | "kl";
  prior?: PriorConfig;
  mmdKernel?: MarginalKernel;
  mmdScales?: number[];
}
/** DIP-VAE (Kumar et al. 2018): type "ii" (default) or "i"; λ_od default 1, λ_d default λ_od (ii) or 10·λ_od (i). */
export interface DipVAEConfig extends CommonConfig { kind: "dipVAE"; dipType?: "i" | "ii"; lambdaOffDiagonal?: number; lambdaDiagonal?: number }
/** FactorVAE (Kim & Mnih 2018): γ_TC default 10; discriminator 6 layers × 1000 units, learning rate 1e-4. */
export interface FactorVAEConfig extends CommonConfig {
  kind: "factorVAE";
  gammaTC?: number;
  discriminatorUnits?: number;
  discriminatorLayers?: number;
  discriminatorLearningRate?: number;
}
/** iVAE (Khemakhem et al. 2020): auxDim is the width of u (required); β default 1; prior mean "fixed" or "learned". */
export interface IVAEConfig extends CommonConfig { kind: "iVAE"; auxDim: number; beta?: number; priorMean?: "fixed" | "learned" }
/**
 * VGON (Bond-Taylor & Willcocks 2021): β default 1; originStep, the step size η of the encoding
 * z = −η·∂ℓ/∂z₀, default 1/64 (the reference implementations' batch mean at B = 64).
 */
export interface VGONConfig extends CommonConfig { kind: "vgon"; beta?: number; originStep?: number }

/** The config of any built-in kind: an object literal with a misspelt key does not type-check. */
export type KnownModelConfig =
  | BetaVAEConfig | AEConfig | AnnealedVAEConfig | BetaTCVAEConfig | BetaVAESigmaConfig
  | DecompositionConfig | DipVAEConfig | FactorVAEConfig | IVAEConfig | VGONConfig;

/** The keys of CommonConfig, plus `kind`. */
export const COMMON_KEYS: readonly string[] = ["kind", "architecture", "inputShape", "latent", "seed", "likelihood", "gamma", "learnGamma"];

/** Each built-in kind's own keys (the runtime twin of the interfaces above). */
export const MODEL_KEYS: Readonly<Record<KnownModelConfig["kind"], readonly string[]>> = {
  betaVAE: ["beta", "betaWarmup"],
  ae: [],
  annealedVAE: ["cMax", "gammaCapacity", "iterationThreshold"],
  betaTCVAE: ["beta", "estimator"],
  betaVAESigma: ["beta"],
  decomposition: ["alpha", "beta", "divergence", "prior", "mmdKernel", "mmdScales"],
  dipVAE: ["dipType", "lambdaOffDiagonal", "lambdaDiagonal"],
  factorVAE: ["gammaTC", "discriminatorUnits", "discriminatorLayers", "discriminatorLearningRate"],
  iVAE: ["auxDim", "beta", "priorMean"],
  vgon: ["beta", "originStep"],
};
