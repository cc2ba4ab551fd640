// The study runners by name, with their presets and figures: what `polarlab study NAME` dispatches on.
import { COLLAPSE_STUDY_MNIST_PRESETS, COLLAPSE_STUDY_PRESETS, collapseRuns, collapseStudy } from "./collapseStudy";
import { DECOMPOSITION_STUDY_PRESETS, decompositionRuns, decompositionStudy } from "./decompositionStudy";
import { collapseFigures, decompositionFigures, fondueFigures, ivaeFigures, meanVsSampledFigures, pcaDirectionsFigures, similarityFigures, type Figures } from "./figures";
import { FONDUE_IN_PROCESS, FONDUE_STUDY_PRESETS, fondueRuns, fondueStudy } from "./fondueStudy";
import { IVAE_STUDY_PRESETS, ivaeRuns, ivaeStudy } from "./ivaeStudy";
import { MEAN_VS_SAMPLED_COLOR_PRESETS, MEAN_VS_SAMPLED_PRESETS, meanVsSampledRuns, meanVsSampledStudy } from "./meanVsSampledStudy";
import { PCA_DIRECTIONS_PRESETS, pcaDirectionsStudy } from "./pcaDirectionsStudy";
import type { StudyOptions, StudyResult } from "./runner";
import type { RunSpec } from "./runSpec";
import type { Presets } from "./scale";
import { SIMILARITY_STUDY_PRESETS, similarityRuns, similarityStudy } from "./similarityStudy";
import type { Tables } from "./tables";

export interface StudyDefinition {
  name: string;
  summary: string;
  presets: Presets<object>;
  run(options: StudyOptions): Promise<StudyResult<object, Tables>>;
  figures(result: StudyResult<object, Tables>): Figures;
  /** The training runs of a resolved config that are independent RunSpecs known before any result (what the local
   *  and Slurm executors train first); `cacheDir` is where the study will run (FONDUE stores the data's ID there). */
  runs(config: object, cacheDir?: string): RunSpec[] | Promise<RunSpec[]>;
  /** What the study still trains in its own process after the executor trained `runs` (absent: nothing). */
  inProcess?: string;
}

function define<C extends object, T extends Tables>(
  name: string,
  summary: string,
  presets: Presets<C>,
  run: (options: StudyOptions) => Promise<StudyResult<C, T>>,
  figures: (result: StudyResult<C, T>) => Figures,
  runs: (config: C, cacheDir?: string) => RunSpec[] | Promise<RunSpec[]>,
  inProcess?: string,
): StudyDefinition {
  return {
    name,
    summary,
    presets,
    run: run as StudyDefinition["run"],
    figures: figures as unknown as StudyDefinition["figures"],
    runs: runs as StudyDefinition["runs"],
    ...(inProcess ? { inProcess } : {}),
  };
}

export const STUDIES: Readonly<Record<string, StudyDefinition>> = {
  collapse: define("collapse", "VGON vs VAE posterior collapse over β (VGON paper)", COLLAPSE_STUDY_PRESETS, collapseStudy, collapseFigures, collapseRuns),
  "collapse-mnist": define("collapse-mnist", "the same on MNIST (the VGON paper's second dataset)", COLLAPSE_STUDY_MNIST_PRESETS, (options) => collapseStudy(options, COLLAPSE_STUDY_MNIST_PRESETS), collapseFigures, collapseRuns),
  ivae: define("ivae", "iVAEs with fixed and learned prior mean (thesis ch. 5)", IVAE_STUDY_PRESETS, ivaeStudy, ivaeFigures, ivaeRuns),
  "mean-vs-sampled": define("mean-vs-sampled", "mean vs sampled representations (thesis ch. 6)", MEAN_VS_SAMPLED_PRESETS, meanVsSampledStudy, meanVsSampledFigures, meanVsSampledRuns),
  "mean-vs-sampled-color": define("mean-vs-sampled-color", "the same on colour dSprites", MEAN_VS_SAMPLED_COLOR_PRESETS, (options) => meanVsSampledStudy(options, MEAN_VS_SAMPLED_COLOR_PRESETS), meanVsSampledFigures, meanVsSampledRuns),
  similarity: define("similarity", "CKA and Procrustes between layers of models (thesis ch. 7)", SIMILARITY_STUDY_PRESETS, similarityStudy, similarityFigures, similarityRuns),
  fondue: define("fondue", "intrinsic dimension, FONDUE and elbow curves (thesis ch. 8)", FONDUE_STUDY_PRESETS, fondueStudy, fondueFigures, fondueRuns, FONDUE_IN_PROCESS),
  decomposition: define("decomposition", "the α-β objective and structured priors (Mathieu et al. 2019)", DECOMPOSITION_STUDY_PRESETS, decompositionStudy, decompositionFigures, decompositionRuns),
  "pca-directions": define("pca-directions", "polarised regime, decoder orthogonality and PCA directions (Rolinek et al. 2019)", PCA_DIRECTIONS_PRESETS, pcaDirectionsStudy, pcaDirectionsFigures, () => [], "every model: the PCA-directions study does not list its runs for the executors yet"),
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
    decompositionStudy: "decomposition",
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
