// Downstream quality of a mean representation for the elbow curves (thesis §8.4.1, Figs. 8.5–8.8): with discrete
// ground-truth factors, the held-out accuracy of cross-validated L2 logistic regression per factor, averaged
// (docs/reference-implementations.md, "Downstream probes"; the thesis used gradient-boosted trees); with continuous
// sources (synthetic data), the held-out R² of least squares, averaged over sources.
import type { Dataset } from "../../datasets";
import { logisticProbe } from "../metrics";
import { mean } from "./claims";
import type { Mat, Probe } from "./probe";
import { linearR2 } from "./regression";

export interface DownstreamSet {
  mean: Mat;
  probe: Probe;
  /** The dataset the probe was drawn from (for its sources or factor values). */
  dataset: Dataset;
}

/** Mean held-out accuracy (factors) or R² (sources) of a linear read-out of the ground truth from μ. */
export async function downstreamQuality(
  train: DownstreamSet,
  test: DownstreamSet,
  options: { seed?: number; signal?: AbortSignal } = {},
): Promise<{ value: number; metric: string }> {
  if (train.probe.sources && test.probe.sources) {
    const value = linearR2({ x: train.mean, y: train.probe.sources }, { x: test.mean, y: test.probe.sources });
    return { value, metric: "R² of sources" };
  }
  const factors = train.dataset.factors;
  if (!factors || !train.probe.factors || !test.probe.factors) {
    throw new RangeError(`downstreamQuality: dataset ${train.dataset.name} has neither factors nor sources to predict`);
  }
  const f = factors.names.length;
  const labels = (p: Probe) => ({ data: p.factors as Int32Array, shape: [p.n, f] as [number, number] });
  const result = await logisticProbe(train.mean, labels(train.probe), {
    test: { x: test.mean, labels: labels(test.probe) },
    seed: options.seed ?? 0,
    signal: options.signal,
  });
  return { value: mean(result.accuracy), metric: "logistic-regression accuracy" };
}
