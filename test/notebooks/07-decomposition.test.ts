// notebooks/07-decomposition.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// Nothing must hold at smoke scale: the image models do not learn in a few dozen steps and the seed-based claims
// need ≥ 3 seeds; the pinwheel models do learn, but one α × β cell pair's MMD margin over its null level is too
// small at this size to require. The claims are checked for validity and sources.
import { describeSmoke } from "./harness";

const MUST_HOLD: string[] = [];

describeSmoke("07-decomposition", MUST_HOLD);
