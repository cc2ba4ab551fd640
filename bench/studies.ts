// Wall time of each study runner at a scale preset (default quick), one at a time, with a fresh
// in-memory cache (so everything is trained): `npx tsc -p . && node dist/bench/studies.js quick [names…]`.
// Prints one line per runner: name, seconds, models trained. The goal (docs/decisions.md, "Scale presets"): quick < 15 min each
// on the 2-core development machine, smoke < 1 min.
import "../toolkit/models";
import { checkScale, findStudy, STUDIES } from "../toolkit/studies";

async function main(): Promise<void> {
  const [scaleArg, ...names] = process.argv.slice(2);
  const scale = checkScale(scaleArg ?? "quick");
  for (const name of names.length ? names : Object.keys(STUDIES)) {
    const study = findStudy(name);
    const started = performance.now();
    const result = await study.run({ scale, progress: false });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${study.name.padEnd(16)} ${scale.padEnd(6)} ${seconds.toFixed(1).padStart(8)} s  ${result.cache.trainings} models trained`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
