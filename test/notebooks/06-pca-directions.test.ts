// notebooks/06-pca-directions.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// Must hold at smoke scale: on the non-linear unit-square task (R² → R⁶, a few hundred steps) the β-VAE's
// decoder Jacobian is closer to orthogonal than the same decoder untrained (Table 2's random decoder). The
// dSprites claims rest on models that have not learned at smoke scale and are only checked for validity.
import { describeSmoke } from "./harness";

const MUST_HOLD = ["pca.synthnonlinear.dto-below-random"];

describeSmoke("06-pca-directions", MUST_HOLD);
