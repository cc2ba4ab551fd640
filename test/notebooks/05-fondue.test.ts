// notebooks/05-fondue.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// Must hold at smoke scale: the intrinsic dimension of the synthetic linear-Gaussian data (3 informative
// directions) recovered by the Levina–Bickel MLE, over 3 subsample seeds. The other claims rest on
// trained models (or need ≥ 3 seeds) and are only checked for validity and sources here.
import { describeSmoke } from "./harness";

const MUST_HOLD = ["fondue.id-known"];

describeSmoke("05-fondue", MUST_HOLD);
