// Complete factor grids in row-major order (the last factor varies fastest), as in dSprites'
// `latents_classes` (Matthey et al. 2017) and disentanglement_lib's `SplitDiscreteStateSpace`.

/** Names, number of values and the values themselves of each ground-truth factor. */
export interface FactorInfo {
  names: string[];
  sizes: number[];
  /** values[k][j] is the value of factor k at index j (in the factor's own units). */
  values: number[][];
}

/** A full Cartesian grid of factor indices with index ↔ tuple conversion. */
export class FactorGrid {
  readonly sizes: readonly number[];
  readonly strides: readonly number[];
  readonly length: number;

  constructor(sizes: readonly number[]) {
    if (sizes.length === 0) throw new Error("FactorGrid: sizes must name at least one factor, got []");
    for (const s of sizes) {
      if (!Number.isInteger(s) || s < 1) throw new Error(`FactorGrid: every size must be a positive integer, got ${s}`);
    }
    const strides = new Array<number>(sizes.length);
    let stride = 1;
    for (let k = sizes.length - 1; k >= 0; k--) {
      strides[k] = stride;
      stride *= sizes[k];
    }
    this.sizes = [...sizes];
    this.strides = strides;
    this.length = stride;
  }

  /** Linear index of a tuple of factor indices. */
  indexOf(tuple: ArrayLike<number>): number {
    if (tuple.length !== this.sizes.length) {
      throw new Error(`factor tuple must have ${this.sizes.length} entries, got ${tuple.length}`);
    }
    let index = 0;
    for (let k = 0; k < this.sizes.length; k++) {
      const v = tuple[k];
      if (!Number.isInteger(v) || v < 0 || v >= this.sizes[k]) {
        throw new Error(`factor ${k} index must be an integer in [0, ${this.sizes[k] - 1}], got ${v}`);
      }
      index += v * this.strides[k];
    }
    return index;
  }

  /** Tuple of factor indices of a linear index, written into out (at offset) when given. */
  tupleOf(index: number, out: Int32Array = new Int32Array(this.sizes.length), offset = 0): Int32Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new Error(`grid index must be an integer in [0, ${this.length - 1}], got ${index}`);
    }
    let rest = index;
    for (let k = 0; k < this.sizes.length; k++) {
      const v = Math.floor(rest / this.strides[k]);
      out[offset + k] = v;
      rest -= v * this.strides[k];
    }
    return out;
  }
}

/** Checks a FactorInfo for consistency (one size and one value list per name). */
export function validateFactorInfo(info: FactorInfo): FactorInfo {
  const { names, sizes, values } = info;
  if (names.length !== sizes.length || names.length !== values.length) {
    throw new Error(`factors: names (${names.length}), sizes (${sizes.length}) and values (${values.length}) must have the same length`);
  }
  sizes.forEach((s, k) => {
    if (values[k].length !== s) throw new Error(`factor '${names[k]}' has size ${s} but ${values[k].length} values`);
  });
  return info;
}

/** Index of a factor given by name or position. */
export function factorIndex(info: FactorInfo, factor: number | string): number {
  const k = typeof factor === "string" ? info.names.indexOf(factor) : factor;
  if (!Number.isInteger(k) || k < 0 || k >= info.names.length) {
    throw new Error(`factor must be one of ${JSON.stringify(info.names)} or an index below ${info.names.length}, got ${JSON.stringify(factor)}`);
  }
  return k;
}
