/**
 * Times the linear assignment solver (maximising), as weight matching uses it, on two kinds of n x n matrices:
 * uniform random entries, and weight-matching-like similarities `Wa^T Wb` of two random `[784, n]` kernels.
 * Run: `npx tsx bench/gauge-lap.ts [n ...]` (defaults to 128 256 512 1024). Exits 1 when the median at some
 * n ≤ 512 exceeds {@link BUDGET_MS}: weight matching must solve n = 512 in well under a second.
 */
import { linearAssignmentFlat } from "../lib/gauge/linear-assignment";
import { Rng } from "../lib/core/rng";

const REPEATS = 5;
const FAN_IN = 784;
const BUDGET_MS = 1000;

function uniformMatrix(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n * n }, () => rng.next());
}

function similarityMatrix(n: number, rng: Rng): Float64Array {
  const wa = Float64Array.from({ length: FAN_IN * n }, () => rng.normal());
  const wb = Float64Array.from({ length: FAN_IN * n }, () => rng.normal());
  const S = new Float64Array(n * n);
  for (let k = 0; k < FAN_IN; k++) {
    for (let i = 0; i < n; i++) {
      const x = wa[k * n + i];
      for (let j = 0; j < n; j++) S[i * n + j] += x * wb[k * n + j];
    }
  }
  return S;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const sizes = process.argv.slice(2).map(Number);
for (const [kind, make] of [
  ["uniform", uniformMatrix],
  ["similarity", similarityMatrix],
] as const) {
  for (const n of sizes.length > 0 ? sizes : [128, 256, 512, 1024]) {
    const times: number[] = [];
    for (let r = 0; r <= REPEATS; r++) {
      const data = make(n, new Rng(1000 * n + r));
      const start = performance.now();
      linearAssignmentFlat(data, n, n, { maximize: true });
      if (r > 0) times.push(performance.now() - start); // the first run warms up the JIT
    }
    const typical = median(times);
    console.log(
      `lap ${kind} n=${n}: median ${typical.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms ` +
        `over ${REPEATS} matrices`,
    );
    if (n <= 512 && typical > BUDGET_MS) {
      console.error(`OVER BUDGET: lap ${kind} n=${n} took ${typical.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
      process.exitCode = 1;
    }
  }
}
