// Kernel latency (docs/decisions.md, "Speed goals"): kernel_info answered after spawn (goal <= 0.3 s), the first trivial cell after spawn
// (goal <= 1.5 s), a trivial cell's round trip (execute_request to idle) at median after warm-up (goal
// <= 0.5 s), interrupt to idle of a cell in a timer loop (goal <= 1 s) and a graceful shutdown (goal <= 0.3 s,
// exit 0). Also, in a second kernel, a first cell that uses a toolkit name (it waits for the prelude; no goal).
// Start-up figures give the kernel process's CPU time beside the wall time (Linux), which a loaded machine
// stretches less.
// Run: npx tsc -p . && node dist/bench/kernel.js [cells=30]
import { readFileSync } from "node:fs";
import { TestKernel } from "../test/kernel/client";

/** CPU seconds (user + system) the process `pid` has used so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number | undefined): string {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return `${((Number(fields[11]) + Number(fields[12])) / 100).toFixed(2)} s`;
  } catch {
    return "not measured";
  }
}

async function firstToolkitCell(): Promise<void> {
  const k = await TestKernel.start();
  try {
    const r = await k.execute("typeof pl.display + typeof display", START_TIMEOUT_MS);
    if (r.content.status !== "ok") throw new Error(`the toolkit cell failed: ${JSON.stringify(r.content)}`);
    console.log(`first cell using the toolkit answered ${seconds(performance.now() - k.startedAt)} after spawn (kernel CPU ${cpuSeconds(k.process.pid)})`);
  } finally {
    await k.shutdown();
  }
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** A loaded machine stretches start-up far beyond the test client's default wait. */
const START_TIMEOUT_MS = 600_000;

async function main(): Promise<void> {
  const cells = Number(process.argv[2] ?? 30);
  const k = await TestKernel.start();
  try {
    console.log(`kernel_info reply ${seconds(k.kernelInfoMs)} after spawn (goal <= 0.3 s)`);
    await k.execute("1 + 1", START_TIMEOUT_MS);
    console.log(`first cell (1 + 1) answered ${seconds(performance.now() - k.startedAt)} after spawn (goal <= 1.5 s; kernel CPU ${cpuSeconds(k.process.pid)})`);
    for (let i = 0; i < 5; i++) await k.execute(`${i} + 1`);
    const times: number[] = [];
    for (let i = 0; i < cells; i++) {
      const t = performance.now();
      await k.execute(`${i} * 2`);
      times.push(performance.now() - t);
    }
    console.log(`trivial cell round trip over ${cells} cells: median ${quantile(times, 0.5).toFixed(1)} ms, p90 ${quantile(times, 0.9).toFixed(1)} ms (goal: median <= 500 ms)`);
    const id = await k.send("execute_request", { code: "for (;;) await new Promise((r) => setTimeout(r, 10));", silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    await new Promise((r) => setTimeout(r, 500));
    const t = performance.now();
    await k.request("interrupt_request", {}, { channel: "control" });
    await k.iopubUntilIdle(id, 20_000);
    console.log(`interrupt to idle of a timer loop: ${(performance.now() - t).toFixed(1)} ms (goal <= 1 s)`);
  } finally {
    const t = performance.now();
    const exit = new Promise<number | string | null>((resolve) => k.process.once("exit", (code, signal) => resolve(code ?? signal)));
    await k.shutdown();
    console.log(`shutdown_request to process exit: ${seconds(performance.now() - t)}, exit ${await exit} (goal <= 0.3 s, exit 0)`);
  }
}

main()
  .then(firstToolkitCell)
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
