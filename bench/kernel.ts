// Kernel latency (docs/decisions.md, "Speed goals"): kernel_info answered after spawn (goal <= 3 s) and a trivial
// cell's round trip (execute_request to idle) at median after warm-up (goal <= 0.5 s).
// Run: npx tsc -p . && node dist/bench/kernel.js [cells=30]
import { TestKernel } from "../test/kernel/client";

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function main(): Promise<void> {
  const cells = Number(process.argv[2] ?? 30);
  const k = await TestKernel.start();
  try {
    console.log(`kernel_info reply ${(k.kernelInfoMs / 1000).toFixed(2)} s after spawn (goal <= 3 s)`);
    const t0 = performance.now();
    await k.execute("1 + 1");
    console.log(`first cell (waits for the prelude) ${((performance.now() - t0) / 1000).toFixed(2)} s after ready`);
    for (let i = 0; i < 5; i++) await k.execute(`${i} + 1`);
    const times: number[] = [];
    for (let i = 0; i < cells; i++) {
      const t = performance.now();
      await k.execute(`${i} * 2`);
      times.push(performance.now() - t);
    }
    console.log(`trivial cell round trip over ${cells} cells: median ${quantile(times, 0.5).toFixed(1)} ms, p90 ${quantile(times, 0.9).toFixed(1)} ms (goal: median <= 500 ms)`);
  } finally {
    await k.shutdown();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
