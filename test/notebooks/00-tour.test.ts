// notebooks/00-tour.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
import { describeSmoke } from "./harness";

// CKA's invariance is a property of the metric, at any scale; the polarised-regime claim needs a trained model.
const MUST_HOLD = ["tour.cka-rotation-invariance"];

describeSmoke("00-tour", MUST_HOLD);
