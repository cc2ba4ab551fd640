// The model registry: each model file registers a factory under its `kind`; createModel checks the config's keys
// against the kind's (configs.ts), validates the common hyperparameters, fills defaults
// (docs/reference-implementations.md, "disentanglement_lib defaults": latent 10, Bernoulli likelihood) and calls the
// factory. Model-specific hyperparameters are validated by the factory itself.
import { showValue, closest } from "../runtime/values";
import { COMMON_KEYS, MODEL_KEYS } from "./configs";
import { ArchitectureName, Model, ModelConfig } from "./model";

export type ModelFactory = (config: ModelConfig) => Model;

const factories = new Map<string, ModelFactory>();
/** The kind-specific keys of kinds registered from outside this package (built-in kinds: MODEL_KEYS). */
const extraKeys = new Map<string, readonly string[]>();

const ARCHITECTURES: readonly ArchitectureName[] = ["conv", "fc", "mnistConv", "mnistMlp", "linear"];

/** Registers `factory` for models of `kind`; registering the same kind twice replaces the earlier factory.
 *  `keys` are the kind's own config keys besides the common ones (built-in kinds have theirs in configs.ts). */
export function registerModel(kind: string, factory: ModelFactory, keys?: readonly string[]): void {
  if (typeof kind !== "string" || kind.length === 0) {
    throw new Error(`registerModel: kind must be a non-empty string, got ${JSON.stringify(kind)}`);
  }
  if (typeof factory !== "function") {
    throw new Error(`registerModel: factory for kind "${kind}" must be a function, got ${typeof factory}`);
  }
  factories.set(kind, factory);
  if (keys) extraKeys.set(kind, keys);
}

/** Every key a config of `kind` may have. */
export function modelKeys(kind: string): string[] {
  return [...COMMON_KEYS, ...((MODEL_KEYS as Record<string, readonly string[]>)[kind] ?? extraKeys.get(kind) ?? [])];
}

function checkKeys(config: Record<string, unknown>): void {
  const valid = modelKeys(config.kind as string);
  const unknown = Object.keys(config).filter((k) => config[k] !== undefined && !valid.includes(k));
  if (unknown.length === 0) return;
  const hints = unknown.map((k) => {
    const near = closest(k, valid);
    return `${JSON.stringify(k)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}`;
  });
  throw new Error(`createModel(${config.kind}): unknown ${unknown.length === 1 ? "key" : "keys"} ${hints.join(", ")}; a ${config.kind} config takes ${valid.join(", ")}`);
}

/** The kinds registered so far, sorted. */
export function registeredModels(): string[] {
  return [...factories.keys()].sort();
}

/** Default input shape per architecture: 64×64×1 (dSprites) for conv/fc, 28×28×1 for MNIST. linear has none. */
function defaultInputShape(architecture: ArchitectureName): number[] | undefined {
  if (architecture === "conv" || architecture === "fc") return [64, 64, 1];
  if (architecture === "mnistConv" || architecture === "mnistMlp") return [28, 28, 1];
  return undefined;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new Error(`createModel: ${name} must be a positive integer, got ${showValue(value)}`);
  }
  return value;
}

/** Fills the defaults shared by every model and checks the common hyperparameters. */
export function normaliseConfig(config: Partial<ModelConfig> & { kind: string }): ModelConfig {
  const architecture = (config.architecture ?? "conv") as ArchitectureName;
  if (!ARCHITECTURES.includes(architecture)) {
    throw new Error(
      `createModel: architecture must be one of ${ARCHITECTURES.join(", ")}, got ${JSON.stringify(config.architecture)}`,
    );
  }
  const inputShape = config.inputShape ?? defaultInputShape(architecture);
  if (!Array.isArray(inputShape) || inputShape.length === 0) {
    throw new Error(
      `createModel: inputShape must be a non-empty array of positive integers (e.g. [64, 64, 1] or [D]), got ${showValue(config.inputShape)}`,
    );
  }
  inputShape.forEach((s, i) => positiveInteger(`inputShape[${i}]`, s));
  const latent = positiveInteger("latent", config.latent ?? 10);
  const seed = config.seed ?? 0;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0) {
    throw new Error(`createModel: seed must be a non-negative integer, got ${showValue(config.seed)}`);
  }
  const likelihood = config.likelihood ?? "bernoulli";
  if (likelihood !== "bernoulli" && likelihood !== "gaussian") {
    throw new Error(`createModel: likelihood must be "bernoulli" or "gaussian", got ${JSON.stringify(config.likelihood)}`);
  }
  return { ...config, kind: config.kind, architecture, inputShape: [...inputShape], latent, seed, likelihood };
}

/** Builds a registered model from a (partial) config: checks its keys (an unknown one is an error suggesting the
 *  closest valid key), validates, fills defaults, calls the kind's factory. Built-in kinds' configs are typed in
 *  configs.ts (KnownModelConfig; write `{ … } satisfies BetaVAEConfig` to have a misspelt key caught by tsc too). */
export function createModel(config: Partial<ModelConfig> & { kind: string }): Model {
  if (config === null || typeof config !== "object") {
    throw new Error(`createModel: config must be an object with a "kind", got ${JSON.stringify(config)}`);
  }
  const factory = factories.get(config.kind);
  if (!factory) {
    throw new Error(
      `createModel: kind must be a registered model (${registeredModels().join(", ") || "none registered"}), got ${JSON.stringify(config.kind)}` +
        (typeof config.kind === "string" && closest(config.kind, registeredModels()) ? ` (did you mean ${JSON.stringify(closest(config.kind, registeredModels()))}?)` : ""),
    );
  }
  checkKeys(config);
  return factory(normaliseConfig(config));
}
