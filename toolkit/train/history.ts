// The training history as tidy rows ({step, loss, <term>…, kl_0…kl_{d−1}}) and the Vega-Lite spec of the live
// training curve (one line per logged term over steps), updated in place while training runs.
import type { HistoryRow } from "./checkpoint";

/** One history row from the packed values read back after a step. */
export function historyRow(step: number, termNames: string[], values: Float32Array | number[], klDims: number): HistoryRow {
  const row: HistoryRow = { step, loss: values[0] };
  termNames.forEach((name, i) => (row[name] = values[1 + i]));
  for (let j = 0; j < klDims; j++) row[`kl_${j}`] = values[1 + termNames.length + j];
  return row;
}

/** A Vega-Lite v5 line chart of the loss and its terms (not the per-dimension KLs) against the step. */
export function trainingCurveSpec(history: HistoryRow[], label = "training"): Record<string, unknown> {
  const values: { step: number; term: string; value: number }[] = [];
  for (const row of history) {
    for (const [term, value] of Object.entries(row)) {
      if (term !== "step" && !/^kl_\d+$/.test(term)) values.push({ step: row.step, term, value });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: label,
    width: 420,
    height: 220,
    data: { values },
    mark: { type: "line" },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: { field: "value", type: "quantitative", title: "nats per example" },
      color: { field: "term", type: "nominal" },
    },
  };
}
