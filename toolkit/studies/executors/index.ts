// The executors that train a study's independent runs outside the study's process: `polarlab train` processes on
// this machine (./local.ts) or one Slurm array job (./slurm.ts), over tasks planned from the run directory
// (./tasks.ts), with a live progress display (./progress.ts).
export { runLocal, type LocalOptions } from "./local";
export { activeJobs, batchScript, queued, submit, submittedJobs, waitForJobs, type SlurmOptions } from "./slurm";
export { describeFailures, planTasks, unfinished, type Task } from "./tasks";
export { SweepProgress, sweepCounts, sweepText, watchSweep, type SweepCounts, type SweepSource } from "./progress";
