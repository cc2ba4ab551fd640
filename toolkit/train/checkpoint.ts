// Checkpoints on disk: checkpoint.json (topology = the model config, step, data position,
// RNG state, history, a manifest of tensors) plus one binary file with every tensor's raw bytes (model weights,
// extra state, optimiser state). Every file is written crash-safely (unique temp name, fsync, rename); each save
// writes a weights file under a new name and renames checkpoint.json last, so the previous checkpoint stays valid
// until the new one is complete, and the manifest records the weights' byte length and SHA-256, which loading
// verifies. Restoring gives bitwise-identical weights and state.
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { RngState } from "../compute/random";
import { parseJsonFile, sha256, writeFileAtomic } from "../runtime/files";
import { createModel, Model, ModelConfig } from "../models";
import { OptimizerSnapshot, readOptimizer, writeOptimizer } from "./optimizerState";

export const CHECKPOINT_FORMAT = "polarlab-checkpoint/2";
/** Checkpoints written before weights carried a length and checksum; still read, checked against the tensors' total. */
const CHECKPOINT_FORMAT_1 = "polarlab-checkpoint/1";
const MANIFEST = "checkpoint.json";

export type HistoryRow = Record<string, number>;

/** Probe activations and/or weights at one step (learning-dynamics studies: CKA between epochs, …). */
export interface Snapshot {
  step: number;
  /** Probe activations by layer name, rows = probe examples (a MatrixLike for toolkit/metrics). */
  activations?: Record<string, { data: Float32Array; shape: [number, number] }>;
  weights?: { name: string; shape: number[]; data: Float32Array }[];
}

/** Where a snapshot's arrays lie in its file (snapshot-<step>.bin, written once, next to the checkpoint). */
export interface SnapshotEntry {
  step: number;
  file: string;
  arrays: { kind: "activation" | "weight"; name: string; shape: number[]; offset: number; length: number }[];
  /** The file's byte length and SHA-256 (absent in snapshots written before they were recorded). */
  bytes?: number;
  sha256?: string;
}

/** The trainer's position and bookkeeping saved with the tensors. */
export interface TrainerState {
  step: number;
  /** Epoch index and batches already consumed in it (Dataset input), so resuming skips exactly those. */
  epoch: number;
  batchInEpoch: number;
  seed: number;
  learningRate: number;
  batchSize: number;
  rng: RngState;
  history: HistoryRow[];
}

interface TensorEntry {
  group: string;
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
  offset: number;
  bytes: number;
}

interface Manifest {
  format: string;
  config: ModelConfig;
  state: TrainerState;
  weightsFile: string;
  /** Byte length and SHA-256 of weightsFile (format 2 on). */
  weightsBytes?: number;
  weightsSha256?: string;
  tensors: TensorEntry[];
  optimizerExtras: Record<string, number>[];
  /** The snapshot files that belong to this checkpoint (steps ≤ state.step). */
  snapshots: SnapshotEntry[];
  savedAt: string;
}

/** The variables a checkpoint holds, by group: the model's trainable ones, then its extra state (FactorVAE's discriminator). */
function modelVariables(model: Model): { group: string; vars: tf.Variable[] }[] {
  const groups = [{ group: "model", vars: model.trainableVariables() }];
  const extra = model.extraState?.();
  if (extra) groups.push({ group: "extra", vars: extra.variables });
  return groups;
}

async function tensorBytes(t: tf.Tensor): Promise<Uint8Array> {
  const data = await t.data();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

/** Writes a checkpoint of `model`, its optimisers and the trainer state into `dir`; returns the manifest path. */
export async function saveCheckpoint(dir: string, model: Model, optimizers: tf.Optimizer[], state: TrainerState, snapshots: SnapshotEntry[] = []): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const tensors: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const add = async (group: string, name: string, t: tf.Tensor) => {
    if (t.dtype !== "float32" && t.dtype !== "int32") throw new Error(`saveCheckpoint: tensor ${group}/${name} has dtype ${t.dtype}; only float32 and int32 are saved`);
    const bytes = await tensorBytes(t);
    tensors.push({ group, name, shape: t.shape, dtype: t.dtype, offset, bytes: bytes.byteLength });
    chunks.push(bytes);
    offset += bytes.byteLength;
  };
  for (const { group, vars } of modelVariables(model)) {
    for (let i = 0; i < vars.length; i++) await add(group, String(i), vars[i]);
  }
  const optimizerExtras: Record<string, number>[] = [];
  for (let k = 0; k < optimizers.length; k++) {
    const snap = await readOptimizer(optimizers[k]);
    for (const w of snap.weights) await add(`optimizer${k}`, w.name, w.tensor);
    // getWeights() makes a fresh "iter" scalar (the rest are the optimiser's own variables).
    snap.weights.find((w) => w.name === "iter")?.tensor.dispose();
    optimizerExtras.push(snap.extras);
  }
  // A new name on every save (also for the same step): the file the current manifest names is never rewritten.
  const weightsFile = `weights-${String(state.step).padStart(9, "0")}-${randomBytes(4).toString("hex")}.bin`;
  const weights = Buffer.concat(chunks);
  writeFileAtomic(path.join(dir, weightsFile), weights);
  const manifest: Manifest = {
    format: CHECKPOINT_FORMAT, config: model.config, state, weightsFile, weightsBytes: weights.byteLength, weightsSha256: sha256(weights),
    tensors, optimizerExtras, snapshots, savedAt: new Date().toISOString(),
  };
  const previous = readManifestIfAny(dir);
  const file = path.join(dir, MANIFEST);
  writeFileAtomic(file, JSON.stringify(manifest));
  if (previous && previous.weightsFile !== weightsFile) fs.rmSync(path.join(dir, previous.weightsFile), { force: true });
  return file;
}

const REMEDY = "Delete the checkpoint's directory to train the model again, or restore the file from a backup.";

function readManifestIfAny(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  const manifest = parseJsonFile<Manifest>(file, fs.readFileSync(file, "utf8"), REMEDY);
  if (manifest.format !== CHECKPOINT_FORMAT && manifest.format !== CHECKPOINT_FORMAT_1) {
    throw new Error(`checkpoint ${file}: format must be ${CHECKPOINT_FORMAT}, got ${JSON.stringify(manifest.format)}`);
  }
  return manifest;
}

/** The bytes of `file`, checked against the length and checksum recorded when it was written. */
function readVerified(file: string, bytes: number, checksum: string | undefined): Buffer {
  const buffer = fs.readFileSync(file);
  if (buffer.byteLength !== bytes) {
    throw new Error(`checkpoint file ${file} has ${buffer.byteLength} bytes, ${bytes} were written: it is truncated or was replaced. ${REMEDY}`);
  }
  if (checksum !== undefined && sha256(buffer) !== checksum) {
    throw new Error(`checkpoint file ${file} does not match the SHA-256 recorded when it was written: it was modified or damaged. ${REMEDY}`);
  }
  return buffer;
}

/** True when `dir` holds a checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST));
}

/** The trainer state stored in `dir` (without loading tensors). */
export function readCheckpointState(dir: string): TrainerState {
  const manifest = readManifestIfAny(dir);
  if (!manifest) throw new Error(`readCheckpointState: dir ${JSON.stringify(dir)} has no ${MANIFEST}`);
  return manifest.state;
}

/** The snapshots the checkpoint in `dir` lists, read back (checked against their recorded length and checksum). */
export function loadSnapshots(dir: string): Snapshot[] {
  const manifest = readManifestIfAny(dir);
  if (!manifest) throw new Error(`loadSnapshots: dir ${JSON.stringify(dir)} has no ${MANIFEST}`);
  return readSnapshots(dir, manifest.snapshots ?? []);
}

interface LoadedTensors {
  manifest: Manifest;
  get(group: string): TensorEntry[];
  tensor(entry: TensorEntry): tf.Tensor;
}

function openCheckpoint(dir: string): LoadedTensors {
  const manifest = readManifestIfAny(dir);
  if (!manifest) throw new Error(`loadCheckpoint: dir ${JSON.stringify(dir)} has no ${MANIFEST}`);
  const expected = manifest.weightsBytes ?? manifest.tensors.reduce((sum, t) => Math.max(sum, t.offset + t.bytes), 0);
  const buffer = readVerified(path.join(dir, manifest.weightsFile), expected, manifest.weightsSha256);
  return {
    manifest,
    get: (group) => manifest.tensors.filter((t) => t.group === group),
    tensor: (e) => {
      const bytes = buffer.buffer.slice(buffer.byteOffset + e.offset, buffer.byteOffset + e.offset + e.bytes);
      const data = e.dtype === "int32" ? new Int32Array(bytes) : new Float32Array(bytes);
      return tf.tensor(data, e.shape, e.dtype);
    },
  };
}

function assignGroup(loaded: LoadedTensors, group: string, vars: tf.Variable[]): void {
  const entries = loaded.get(group);
  if (entries.length !== vars.length) {
    throw new Error(`loadCheckpoint: the checkpoint has ${entries.length} ${group} tensors, the model has ${vars.length}; was it saved from a different model?`);
  }
  entries.forEach((e, i) => {
    if (e.shape.join() !== vars[i].shape.join()) {
      throw new Error(`loadCheckpoint: ${group} tensor ${i} has shape [${e.shape}] in the checkpoint, [${vars[i].shape}] in the model`);
    }
    const t = loaded.tensor(e);
    vars[i].assign(t);
    t.dispose();
  });
}

/** Builds the checkpoint's model from its config (createModel) with the saved weights: it encodes identically. */
export async function loadModel(dir: string): Promise<Model> {
  const loaded = openCheckpoint(dir);
  const model = createModel(loaded.manifest.config);
  try {
    for (const { group, vars } of modelVariables(model)) assignGroup(loaded, group, vars);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** Restores weights, optimiser states and trainer state from `dir` into `model` and fresh `optimizers`. */
export async function restoreCheckpoint(dir: string, model: Model, optimizers: tf.Optimizer[]): Promise<{ state: TrainerState; snapshotFiles: SnapshotEntry[] }> {
  const loaded = openCheckpoint(dir);
  const saved = loaded.manifest.config;
  if (saved.kind !== model.kind || saved.architecture !== model.config.architecture || saved.latent !== model.latent) {
    throw new Error(
      `restoreCheckpoint: checkpoint in ${dir} holds a ${saved.kind}/${saved.architecture}/latent ${saved.latent}, the model is ${model.kind}/${model.config.architecture}/latent ${model.latent}`,
    );
  }
  for (const { group, vars } of modelVariables(model)) assignGroup(loaded, group, vars);
  for (let k = 0; k < optimizers.length; k++) {
    const weights = loaded.get(`optimizer${k}`).map((e) => ({ name: e.name, tensor: loaded.tensor(e) }));
    const snapshot: OptimizerSnapshot = { weights, extras: loaded.manifest.optimizerExtras[k] ?? {} };
    await writeOptimizer(optimizers[k], snapshot);
    tf.dispose(weights.map((w) => w.tensor));
  }
  return { state: loaded.manifest.state, snapshotFiles: loaded.manifest.snapshots ?? [] };
}

/** Writes one snapshot's arrays to snapshot-<step>.bin in `dir`; returns its entry for the checkpoint manifest. */
export function writeSnapshot(dir: string, snap: Snapshot): SnapshotEntry {
  fs.mkdirSync(dir, { recursive: true });
  const file = `snapshot-${String(snap.step).padStart(9, "0")}.bin`;
  const arrays: SnapshotEntry["arrays"] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  const add = (kind: "activation" | "weight", name: string, shape: number[], data: Float32Array) => {
    arrays.push({ kind, name, shape, offset, length: data.length });
    chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    offset += data.byteLength;
  };
  for (const [name, a] of Object.entries(snap.activations ?? {})) add("activation", name, a.shape, a.data);
  for (const w of snap.weights ?? []) add("weight", w.name, w.shape, w.data);
  const bytes = Buffer.concat(chunks);
  writeFileAtomic(path.join(dir, file), bytes);
  return { step: snap.step, file, arrays, bytes: bytes.byteLength, sha256: sha256(bytes) };
}

/** Reads the snapshots listed in a checkpoint back into memory. */
export function readSnapshots(dir: string, entries: SnapshotEntry[]): Snapshot[] {
  return entries.map((e) => {
    const expected = e.bytes ?? e.arrays.reduce((sum, a) => Math.max(sum, a.offset + 4 * a.length), 0);
    const buffer = readVerified(path.join(dir, e.file), expected, e.sha256);
    const snap: Snapshot = { step: e.step };
    for (const a of e.arrays) {
      const data = new Float32Array(buffer.buffer.slice(buffer.byteOffset + a.offset, buffer.byteOffset + a.offset + 4 * a.length));
      if (a.kind === "activation") (snap.activations ??= {})[a.name] = { data, shape: [a.shape[0], a.shape[1]] };
      else (snap.weights ??= []).push({ name: a.name, shape: a.shape, data });
    }
    return snap;
  });
}
