// Training in waves for searches that run side by side: each search asks for the run of its next step and waits;
// once every search still going is waiting, the runs asked for are trained together (one wave, through an executor
// that trains several at once), and every search goes on. Searches whose next step depends on their last result
// (FONDUE's n, thesis Algorithm 1) thereby use all the executor's processes instead of one model at a time.
import { stableHash } from "../cache";
import type { RunSpec } from "../runSpec";

interface Waiting {
  spec: RunSpec;
  resume(): void;
  fail(error: unknown): void;
}

export class TrainingWaves {
  private waiting: Waiting[] = [];
  private going: number;
  private training = false;

  /** `searches` that will ask for runs; `trainAll` trains one wave's distinct runs. */
  constructor(searches: number, private readonly trainAll: (specs: RunSpec[]) => Promise<void>) {
    if (!Number.isInteger(searches) || searches < 0) throw new RangeError(`TrainingWaves: searches must be a non-negative integer, got ${searches}`);
    this.going = searches;
  }

  /** Resolves once `spec` has been trained in a wave (a search asks for one run at a time). */
  readonly request = (spec: RunSpec): Promise<void> =>
    new Promise((resume, fail) => {
      this.waiting.push({ spec, resume, fail });
      this.startWave();
    });

  /** A search is over (finished or failed): the others no longer wait for it. */
  readonly leave = (): void => {
    this.going -= 1;
    this.startWave();
  };

  private startWave(): void {
    if (this.training || this.waiting.length === 0 || this.waiting.length < this.going) return;
    const wave = this.waiting;
    this.waiting = [];
    this.training = true;
    const distinct = new Map(wave.map((w) => [stableHash(w.spec), w.spec]));
    this.trainAll([...distinct.values()])
      .then(() => wave.forEach((w) => w.resume()), (error: unknown) => wave.forEach((w) => w.fail(error)))
      .finally(() => {
        this.training = false;
        this.startWave();
      });
  }
}
