// Datasets of 8-bit images (smallNORB, Cars3D, CelebA, symmetric solids): bytes in memory, filled
// eagerly by a loader or lazily from files on first read, and served as float32 in [0, 1].
import { BaseDataset } from "./dataset";
import { FactorGrid, FactorInfo } from "./factors";

export interface ByteImageDatasetOptions {
  name: string;
  /** [H, W, C] */
  shape: number[];
  length: number;
  /** Returns example i's bytes (H·W·C); called once per example, then kept unless cache is false. */
  load: (i: number) => Uint8Array;
  cache?: boolean;
  /** Factor indices per example (n × F), or none when grid gives them. */
  factors?: { info: FactorInfo; indices?: Int32Array };
  /** Set when example i has the factors grid.tupleOf(i). */
  grid?: FactorGrid;
  sources?: { data: Float32Array; dim: number };
}

export class ByteImageDataset extends BaseDataset {
  readonly name: string;
  readonly length: number;
  readonly shape: number[];
  readonly factors?: FactorInfo;
  readonly sourceDim?: number;
  readonly grid?: FactorGrid;
  private readonly options: ByteImageDatasetOptions;
  private readonly store: (Uint8Array | undefined)[];

  constructor(options: ByteImageDatasetOptions) {
    super();
    this.options = options;
    this.name = options.name;
    this.length = options.length;
    this.shape = options.shape;
    this.factors = options.factors?.info;
    this.sourceDim = options.sources?.dim;
    this.grid = options.grid;
    this.store = new Array(options.length);
  }

  bytes(i: number): Uint8Array {
    let b = this.store[i];
    if (!b) {
      b = this.options.load(i);
      if (b.length !== this.size) throw new Error(`${this.name}: example ${i} has ${b.length} bytes, expected ${this.size} (${this.shape.join("×")})`);
      if (this.options.cache !== false) this.store[i] = b;
    }
    return b;
  }

  writeX(i: number, out: Float32Array, offset: number): void {
    const b = this.bytes(i);
    for (let j = 0; j < b.length; j++) out[offset + j] = b[j] / 255;
  }

  writeFactors(i: number, out: Int32Array, offset: number): void {
    if (this.grid) {
      this.grid.tupleOf(i, out, offset);
      return;
    }
    const f = this.factors!.names.length;
    out.set(this.options.factors!.indices!.subarray(i * f, (i + 1) * f), offset);
  }

  writeSources(i: number, out: Float32Array, offset: number): void {
    const d = this.sourceDim!;
    out.set(this.options.sources!.data.subarray(i * d, (i + 1) * d), offset);
  }
}
