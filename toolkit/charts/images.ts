// Image grids: reconstructions next to their inputs and latent traversals with one row per latent
// dimension (Mathieu et al. Fig. 5; Rolinek et al. Fig. 1). Each image is an embedded PNG data URL
// drawn by an `image` mark, which vega's server-side SVG renderer writes out as <image href="data:…">,
// so the grid shows in JupyterLab, in the SVG fallback and in a saved file alike.
import { PNG } from "pngjs";
import { Chart } from "./chart";
import { positiveInt, uniqueLabels } from "./data";
import { typeLookup, type VariableTypesInput } from "./distributions";
import { labelColorExpr, themed, VARIABLE_TYPE_COLORS, type TitleOptions } from "./theme";

/** One image {data, shape: [h, w] | [h, w, c]}, or a batch {data, shape: [n, h, w] | [n, h, w, c]}; tfjs tensors work too. */
export interface ImageData {
  data?: ArrayLike<number>;
  dataSync?: () => ArrayLike<number>;
  shape: readonly number[];
}
export type ImagesInput = ImageData | readonly ImageData[];

interface Decoded {
  h: number;
  w: number;
  c: number;
  pixels: ArrayLike<number>;
  offset: number;
}

function values(img: ImageData, argName: string): ArrayLike<number> {
  if (img.data !== undefined) return img.data;
  if (typeof img.dataSync === "function") return img.dataSync();
  throw new TypeError(`${argName}: expected { data, shape } or a tensor, got an object with keys [${Object.keys(img).join(", ")}]`);
}

/** Splits the input into single images (channels 1, 3 or 4; values in [0, 1], NHWC as datasets/ gives). */
export function splitImages(input: ImagesInput, argName = "images"): Decoded[] {
  const parts = Array.isArray(input) ? (input as ImageData[]) : [input as ImageData];
  return parts.flatMap((img, k) => {
    const name = Array.isArray(input) ? `${argName}[${k}]` : argName;
    const shape = img?.shape;
    if (!Array.isArray(shape) && !ArrayBuffer.isView(shape)) throw new TypeError(`${name}.shape: expected an array, got ${JSON.stringify(shape)}`);
    const single = shape.length === 2 || (shape.length === 3 && [1, 3, 4].includes(shape[2]) && Array.isArray(input));
    const [n, h, w, c] = single ? [1, shape[0], shape[1], shape[2] ?? 1] : [shape[0], shape[1], shape[2], shape[3] ?? 1];
    if (![n, h, w].every((v) => Number.isInteger(v) && v > 0) || ![1, 3, 4].includes(c)) {
      throw new RangeError(`${name}.shape: expected [h, w(, c)] or [n, h, w(, c)] with c in {1, 3, 4}, got [${shape.join(", ")}]`);
    }
    const pixels = values(img, name);
    if (pixels.length !== n * h * w * c) throw new RangeError(`${name}: ${pixels.length} values do not fill shape [${shape.join(", ")}]`);
    return Array.from({ length: n }, (_, i) => ({ h, w, c, pixels, offset: i * h * w * c }));
  });
}

/** A PNG data URL of one image; values are clipped to [0, 1] (decoder outputs may overshoot slightly). */
export function pngDataUrl(img: Decoded, argName = "images"): string {
  const png = new PNG({ width: img.w, height: img.h });
  for (let p = 0; p < img.h * img.w; p++) {
    for (let ch = 0; ch < 4; ch++) {
      const src = ch < 3 ? (img.c === 1 ? 0 : ch) : img.c === 4 ? 3 : -1;
      let v = 1;
      if (src >= 0) {
        v = img.pixels[img.offset + p * img.c + src];
        if (!Number.isFinite(v)) throw new RangeError(`${argName}: pixel ${p} channel ${src} is ${v}; expected finite values in [0, 1]`);
      }
      png.data[p * 4 + ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}

export interface ImageGridOptions extends TitleOptions {
  /** Images per row (default: all in one row up to 10). */
  columns?: number;
  /** Labels of the rows (left) and columns (top); no labels: no axes. */
  rowLabels?: readonly string[];
  columnLabels?: readonly string[];
  /** Axis titles. */
  rowTitle?: string;
  columnTitle?: string;
  /** Drawn side of one image in px (default: the image scaled by an integer to about 64 px). */
  size?: number;
  /** Colour of each row label (e.g. by variable type). */
  rowLabelColors?: Record<string, string>;
}

function labelsFor(given: readonly string[] | undefined, n: number, name: string): string[] {
  return uniqueLabels(given ?? Array.from({ length: n }, (_, i) => String(i)), n, name);
}

/** A grid of images, row-major, as an image-mark chart. */
export function imageGrid(images: ImagesInput, options: ImageGridOptions = {}): Chart {
  return gridOfImages(splitImages(images), options);
}

/** imageGrid of images already split, so that callers that check the images first decode them once. */
function gridOfImages(decoded: Decoded[], options: ImageGridOptions): Chart {
  if (decoded.length === 0) throw new RangeError("images: expected at least one image, got none");
  const columns = positiveInt(options.columns ?? Math.min(decoded.length, 10), "options.columns");
  const rows = Math.ceil(decoded.length / columns);
  const rowLabels = labelsFor(options.rowLabels, rows, "rowLabels");
  const colLabels = labelsFor(options.columnLabels, columns, "columnLabels");
  const { h, w } = decoded[0];
  const size = options.size ?? Math.max(1, Math.round(64 / Math.max(h, w))) * Math.max(h, w);
  const values = decoded.map((img, k) => ({ url: pngDataUrl(img), row: rowLabels[Math.floor(k / columns)], column: colLabels[k % columns] }));
  const labelColor = options.rowLabelColors ? labelColorExpr(options.rowLabelColors) : undefined;
  const body = {
    data: { values },
    width: { step: size + 4 },
    height: { step: size + 4 },
    mark: { type: "image", width: size, height: size, aria: false, smooth: false },
    encoding: {
      x: { field: "column", type: "ordinal", scale: { domain: colLabels }, axis: options.columnLabels ? { orient: "top", title: options.columnTitle ?? null, labelAngle: 0, ticks: false, domain: false } : null },
      y: { field: "row", type: "ordinal", scale: { domain: rowLabels }, axis: options.rowLabels ? { title: options.rowTitle ?? null, ticks: false, domain: false, ...(labelColor ? { labelColor } : {}) } : null },
      url: { field: "url", type: "nominal" },
    },
  };
  const spec = themed(body, { title: options.title ?? "Images", subtitle: options.subtitle });
  (spec.config as Record<string, unknown>).view = { stroke: null }; // no frame around the grid
  return new Chart(spec);
}

/** Inputs (top row) above their reconstructions (bottom row), n examples (default min(count, 10)). */
export function reconstructionGrid(inputs: ImagesInput, reconstructions: ImagesInput, options: TitleOptions & { n?: number; size?: number } = {}): Chart {
  const a = splitImages(inputs, "inputs");
  const b = splitImages(reconstructions, "reconstructions");
  if (a.length !== b.length) throw new RangeError(`reconstructions: ${b.length} images for ${a.length} inputs; expected one per input`);
  const n = positiveInt(options.n ?? Math.min(a.length, 10), "options.n");
  if (n > a.length) throw new RangeError(`options.n: ${n} exceeds the ${a.length} images given`);
  return gridOfImages([...a.slice(0, n), ...b.slice(0, n)], { columns: n, rowLabels: ["input", "reconstruction"], size: options.size, title: options.title ?? "Reconstructions", subtitle: options.subtitle });
}

export interface TraversalOptions extends TitleOptions {
  /** The latent dimension of each row. */
  dimensions: readonly number[];
  /** The value each column sets the dimension to (e.g. -2..2). */
  values: readonly number[];
  /** Variable types, to colour each row label as in every other chart. */
  types?: VariableTypesInput;
  size?: number;
}

/**
 * Latent traversals: one row per dimension, one column per value it is set to (Mathieu Fig. 5).
 * images: dimensions.length × values.length images, row-major (all values of the first dimension first).
 */
export function traversalGrid(images: ImagesInput, options: TraversalOptions): Chart {
  const decoded = splitImages(images);
  const count = decoded.length;
  const expected = options.dimensions.length * options.values.length;
  if (count !== expected) throw new RangeError(`images: ${count} images for ${options.dimensions.length} dimensions × ${options.values.length} values; expected ${expected}`);
  options.values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`options.values[${i}]: expected a finite number, got ${v}`);
  });
  const lookup = options.types ? typeLookup(options.types) : undefined;
  const rowLabels = options.dimensions.map((d) => (lookup ? `z${d} (${lookup(d) ?? "?"})` : `z${d}`));
  const rowLabelColors = lookup ? Object.fromEntries(options.dimensions.map((d, i) => [rowLabels[i], VARIABLE_TYPE_COLORS[lookup(d) ?? "active"]])) : undefined;
  const columnLabels = options.values.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(2)));
  return gridOfImages(decoded, {
    columns: options.values.length,
    rowLabels,
    columnLabels,
    rowTitle: "latent dimension",
    columnTitle: "value of the latent",
    rowLabelColors,
    size: options.size,
    title: options.title ?? "Latent traversals",
    subtitle: options.subtitle,
  });
}
