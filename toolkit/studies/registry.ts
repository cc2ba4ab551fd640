// The study runners by name, with their presets and figures: what `polarlab study NAME` dispatches on.
import { COLLAPSE_STUDY_PRESETS, collapseRuns, collapseStudy } from "./collapseStudy";
import { collapseFigures, fondueFigures, ivaeFigures, meanVsSampledFigures, pcaDirectionsFigures, similarityFigures, type Figures } from "./figures";
import { FONDUE_STUDY_PRESETS, fondueStudy } from "./fondueStudy";
import { IVAE_STUDY_PRESETS, ivaeStudy } from "./ivaeStudy";
import { MEAN_VS_SAMPLED_PRESETS, meanVsSampledStudy } from "./meanVsSampledStudy";
import { PCA_DIRECTIONS_PRESETS, pcaDirectionsStudy } from "./pcaDirectionsStudy";
import type { StudyOptions, StudyResult } from "./runner";
import type { RunSpec } from "./runSpec";
import type { Presets } from "./scale";
import { SIMILARITY_STUDY_PRESETS, similarityStudy } from "./similarityStudy";
import type { Tables } from "./tables";

export interface StudyDefinition {
  name: string;
  summary: string;
  presets: Presets<object>;
  run(options: StudyOptions): Promise<StudyResult<object, Tables>>;
  figures(result: StudyResult<object, Tables>): Figures;
  /** Every training run of a resolved config, for studies whose trainings are independent RunSpecs (what the
   *  local and Slurm executors run); absent where a study trains in stages or adaptively. */
  runs?(config: object): RunSpec[];
}

function define<C extends object, T extends Tables>(
  name: string,
  summary: string,
  presets: Presets<C>,
  run: (options: StudyOptions) => Promise<StudyResult<C, T>>,
  figures: (result: StudyResult<C, T>) => Figures,
  runs?: (config: C) => RunSpec[],
): StudyDefinition {
  return {
    name,
    summary,
    presets,
    run: run as StudyDefinition["run"],
    figures: figures as unknown as StudyDefinition["figures"],
    ...(runs ? { runs: runs as StudyDefinition["runs"] } : {}),
  };
}

export const STUDIES: Readonly<Record<string, StudyDefinition>> = {
  collapse: define("collapse", "VGON vs VAE posterior collapse over β (VGON paper)", COLLAPSE_STUDY_PRESETS, collapseStudy, collapseFigures, collapseRuns),
  ivae: define("ivae", "iVAEs with fixed and learned prior mean (thesis ch. 5)", IVAE_STUDY_PRESETS, ivaeStudy, ivaeFigures),
  "mean-vs-sampled": define("mean-vs-sampled", "mean vs sampled representations (thesis ch. 6)", MEAN_VS_SAMPLED_PRESETS, meanVsSampledStudy, meanVsSampledFigures),
  similarity: define("similarity", "CKA and Procrustes between layers of models (thesis ch. 7)", SIMILARITY_STUDY_PRESETS, similarityStudy, similarityFigures),
  fondue: define("fondue", "intrinsic dimension, FONDUE and elbow curves (thesis ch. 8)", FONDUE_STUDY_PRESETS, fondueStudy, fondueFigures),
  "pca-directions": define("pca-directions", "polarised regime, decoder orthogonality and PCA directions (Rolinek et al. 2019)", PCA_DIRECTIONS_PRESETS, pcaDirectionsStudy, pcaDirectionsFigures),
};

/** The study called `name` (also accepted: the runner's function name, e.g. "fondueStudy"). */
export function findStudy(name: string): StudyDefinition {
  const direct = STUDIES[name];
  if (direct) return direct;
  const byRunner: Record<string, string> = {
    collapseStudy: "collapse",
    ivaeStudy: "ivae",
    meanVsSampledStudy: "mean-vs-sampled",
    similarityStudy: "similarity",
    fondueStudy: "fondue",
    pcaDirectionsStudy: "pca-directions",
  };
  const mapped = byRunner[name];
  if (mapped) return STUDIES[mapped];
  throw new RangeError(`study must be one of ${Object.keys(STUDIES).join(", ")}, got ${JSON.stringify(name)}`);
}

/** The charts of any runner's result (dispatches on result.study), e.g. `figures(await fondueStudy())`. */
export function figures(result: StudyResult<object, Tables>): Figures {
  return findStudy(result.study).figures(result);
}
