// Multinomial logistic regression with an L2 penalty, fitted in float64 by L-BFGS (Nocedal & Wright, Alg. 7.4,
// with a backtracking Armijo line search). Objective as scikit-learn's LogisticRegression: C·Σ_i −log p(y_i|x_i)
// + ½‖W‖²_F, intercept unpenalised; minimised here in the equivalent scaled form divided by C·n.
// This module checks the inputs and options; the fit itself is logisticFit.ts's.
import { MatrixLike } from "./matrix";
import { toMatrix, classLabels, integerOption, numberOption, describeValue } from "./validate";
import { LogisticModel, fitLogisticChecked, predictLogisticChecked } from "./logisticFit";

export type { LogisticModel } from "./logisticFit";
export { accuracy } from "./logisticFit";

/**
 * Fits p(y = c | x) = softmax(xW + b)_c with labels 0..classes-1 and inverse regularisation strength C.
 * `init` warm-starts from a previous model (used along a path of strengths).
 */
export function fitLogistic(xIn: MatrixLike, yIn: ArrayLike<number>, classes: number, C: number, options: { maxIter?: number; tolerance?: number; init?: LogisticModel } = {}): LogisticModel {
  const x = toMatrix(xIn, "x");
  integerOption(classes, "classes", undefined, 2);
  const y = classLabels(yIn, "y", x.rows, classes);
  numberOption(C, "C", undefined, (v) => v > 0, "a positive inverse regularisation strength");
  const maxIter = integerOption(options.maxIter, "maxIter", 500, 1);
  const tol = numberOption(options.tolerance, "tolerance", 1e-6, (v) => v >= 0, "a gradient tolerance ≥ 0");
  if (options.init !== undefined) checkModel(options.init, "init", x.cols, classes);
  return fitLogisticChecked(x, y, classes, C, maxIter, tol, options.init);
}

function checkModel(model: LogisticModel, name: string, features: number, classes: number): void {
  const ok = !!model && typeof model === "object" && model.weights instanceof Float64Array && model.bias instanceof Float64Array
    && model.features === features && model.classes === classes && model.weights.length === features * classes && model.bias.length === classes;
  if (!ok) throw new Error(`${name}: expected a LogisticModel of ${features} features × ${classes} classes (from fitLogistic), got ${describeValue(model)}.`);
}

/** The most probable class of every row. */
export function predictLogistic(model: LogisticModel, xIn: MatrixLike): Int32Array {
  const x = toMatrix(xIn, "x");
  checkModel(model, "model", x.cols, model?.classes);
  return predictLogisticChecked(model, x);
}
