// notebooks/00-tour.ipynb at smoke scale, headless (polarlab run) and through Jupyter (nbclient + kernelspec).
// The tour's one claim (the polarised regime) rests on a trained model, so none must hold at smoke scale; the
// harness still checks that it is valid and sourced. CKA's invariances are unit tests of the metric.
import { describeSmoke } from "./harness";

describeSmoke("00-tour");
