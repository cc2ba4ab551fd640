// Table 1 of Rolinek, Zietlow & Martius (2019), §5.2: the share of training time during which a quantity — the
// relative error Δ_KL of the polarised KL approximation (Eq. 30, `polarisedRegime` in ./collapse.ts) — stays
// below a tolerance (3 % in the paper) continuously until the end of training.
import { describeValue } from "./validate";

/**
 * The share of training time (0–1) during which `values` stays below `tolerance` continuously until the end:
 * with values evaluated at ascending `steps` and training lasting `totalSteps`, the regime holds from the first
 * evaluated step s* after which every value (its own included) is below the tolerance, and the share is
 * (totalSteps − s*) / totalSteps; 0 when the last value is not below it. A null value (an undefined ratio)
 * counts as not below. Conservative by up to one evaluation interval.
 */
export function shareBelowUntilEnd(steps: readonly number[], values: readonly (number | null)[], tolerance: number, totalSteps: number): number {
  if (!Array.isArray(steps) || steps.length === 0) throw new Error(`shareBelowUntilEnd: steps must be a non-empty array of evaluated steps, got ${describeValue(steps)}.`);
  if (!Array.isArray(values) || values.length !== steps.length) throw new Error(`shareBelowUntilEnd: values must be an array with one value per step (${steps.length}), got ${describeValue(values)}.`);
  steps.forEach((s, i) => {
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0 || (i > 0 && s <= steps[i - 1])) throw new Error(`shareBelowUntilEnd: steps must be ascending non-negative numbers; steps[${i}] is ${describeValue(s)}.`);
  });
  values.forEach((v, i) => {
    if (v !== null && (typeof v !== "number" || Number.isNaN(v))) throw new Error(`shareBelowUntilEnd: values[${i}] is ${describeValue(v)}; expected a number or null (undefined ratio).`);
  });
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance)) throw new Error(`shareBelowUntilEnd: tolerance must be a finite number, got ${describeValue(tolerance)}.`);
  const last = steps[steps.length - 1];
  if (typeof totalSteps !== "number" || !Number.isFinite(totalSteps) || totalSteps <= 0 || totalSteps < last) {
    throw new Error(`shareBelowUntilEnd: totalSteps must be a positive number at least the last evaluated step (${last}), got ${describeValue(totalSteps)}.`);
  }
  let from = -1;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v === null || !(v < tolerance)) break;
    from = i;
  }
  return from < 0 ? 0 : (totalSteps - steps[from]) / totalSteps;
}
