// One formatting path for `display(value)` and a cell's execute_result (Jupyter messaging 5.3):
// [Symbol.for("Jupyter.display")]() > Vega-Lite spec > DataFrame / row objects > util.inspect text.
import { inspect } from "node:util";
import { DISPLAY, isDisplayable, type Displayable, type MimeBundle } from "./protocol";
import { asDataFrameTable, asRowsTable, tableBundle } from "./table";
import { isVegaLiteSpec, vegaLiteBundle } from "./vegalite";

const INSPECT_OPTIONS = { depth: 4, colors: false, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 };

/** The MIME bundle of any value; every bundle has text/plain. */
export async function formatBundle(value: unknown): Promise<MimeBundle> {
  if (isDisplayable(value)) return ownBundle(value);
  if (isVegaLiteSpec(value)) return vegaLiteBundle(value);
  const table = asDataFrameTable(value) ?? asRowsTable(value);
  if (table) return tableBundle(table);
  return { "text/plain": plainTextOf(value) };
}

async function ownBundle(value: Displayable): Promise<MimeBundle> {
  const bundle: MimeBundle | null = await value[DISPLAY]();
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) {
    throw new TypeError(
      `[Symbol.for("Jupyter.display")]() returned ${bundle === null ? "null" : typeof bundle}; expected a MIME bundle object such as {"text/plain": "..."}`,
    );
  }
  if (typeof bundle["text/plain"] === "string") return bundle;
  return { ...bundle, "text/plain": `<${(value as object).constructor?.name ?? "object"}>` };
}

/** util.inspect, except tfjs tensors (their toString prints values) and strings that are shown as written. */
function plainTextOf(value: unknown): string {
  if (isTensorLike(value)) {
    try {
      return value.toString();
    } catch (e) {
      return `<Tensor ${value.dtype} [${value.shape.join(", ")}]: ${(e as Error).message}>`;
    }
  }
  return inspect(value, INSPECT_OPTIONS);
}

interface TensorLike {
  shape: number[];
  dtype: string;
  dataSync(): unknown;
  toString(): string;
}

function isTensorLike(value: unknown): value is TensorLike {
  const v = value as TensorLike | null;
  return (
    v !== null &&
    typeof v === "object" &&
    Array.isArray(v.shape) &&
    typeof v.dtype === "string" &&
    typeof v.dataSync === "function"
  );
}
