// The probe of one factor (thesis §6.4.1, Fig. 6.4; docs/reference-implementations.md, "Downstream probes"): the
// strength C of a multinomial L2 logistic regression chosen by stratified k-fold cross-validation (warm-started along
// the path of strengths within each fold), the refit at the chosen C on the whole training set, and its predictions
// on the held-out rows. Everything random (the fold of every row) comes in with the job, so the result depends only on
// its inputs: the same in the calling thread and in a worker (logisticWorker.ts). The inputs are checked by
// logisticProbe (finite rows, labels in 0..classes-1, positive strengths), so the fits run unchecked (logisticFit.ts).
import type { Matrix } from "./matrix";
import { selectRows } from "./matrix";
import { fitLogisticChecked, predictLogisticChecked, accuracy, LogisticModel } from "./logisticFit";
import { nextTurn } from "../compute/turn";

export interface FitSettings { maxIter: number; tolerance: number; }

/** What every factor of one probe shares: the training and held-out rows and the fit settings. */
export interface ProbeData {
  x: Matrix;
  xTest: Matrix;
  strengths: readonly number[];
  folds: number;
  fit: FitSettings;
}

/** One factor: its training labels as class indices 0..classes-1 and the cross-validation fold of every training row. */
export interface FactorJob { y: Int32Array; classes: number; fold: Int32Array; }

export interface FactorFit {
  /** Mean cross-validated accuracy per strength. */
  cv: number[];
  /** Index of the chosen strength (the first best). */
  best: number;
  /** Predicted class index (0..classes-1) of every held-out row. */
  predicted: Int32Array;
}

async function crossValidate(data: ProbeData, job: FactorJob, signal?: AbortSignal): Promise<number[]> {
  const { x, strengths, folds, fit } = data;
  const { y, classes, fold } = job;
  const scores = strengths.map(() => 0);
  for (let f = 0; f < folds; f++) {
    const train = Int32Array.from({ length: y.length }, (_, i) => i).filter((i) => fold[i] !== f);
    const valid = Int32Array.from({ length: y.length }, (_, i) => i).filter((i) => fold[i] === f);
    const xt = selectRows(x, train);
    const yt = train.map((i) => y[i]);
    const xv = selectRows(x, valid);
    const yv = valid.map((i) => y[i]);
    let init: LogisticModel | undefined;
    for (let s = 0; s < strengths.length; s++) {
      signal?.throwIfAborted();
      init = fitLogisticChecked(xt, yt, classes, strengths[s], fit.maxIter, fit.tolerance, init);
      scores[s] += accuracy(predictLogisticChecked(init, xv), yv) / folds;
      await nextTurn(signal);
    }
  }
  return scores;
}

/** Cross-validation, refit at the best strength and held-out predictions of one factor. */
export async function fitFactor(data: ProbeData, job: FactorJob, signal?: AbortSignal): Promise<FactorFit> {
  const cv = await crossValidate(data, job, signal);
  const best = cv.indexOf(Math.max(...cv));
  signal?.throwIfAborted();
  const model = fitLogisticChecked(data.x, job.y, job.classes, data.strengths[best], data.fit.maxIter, data.fit.tolerance);
  return { cv, best, predicted: predictLogisticChecked(model, data.xTest) };
}
