/**
 * Times the convex ReLU program on the 2-D two-arm spiral with every activation pattern (exact enumeration),
 * λ = 0.01, solved to a certified relative gap of 1e-3, as notebook 04 does (which uses n = 40).
 * Run: `npx tsx bench/convex-spiral.ts [n ...]` (default 20). One row per n: patterns, enumeration and solve
 * seconds, FISTA iterations, the certified gap, and the solver's array bytes.
 */
import { spiralXY } from "../lib/analytic-experiments/spiral";
import { solveConvexRelu } from "../lib/solvers/convex-relu";
import { formatBytes } from "../lib/solvers/pattern-count";
import { enumeratePatterns, withOnes } from "../lib/solvers/patterns";

const sizes = process.argv.slice(2).map(Number);
console.log("\nconvex ReLU, 2-D spiral, every pattern, λ = 0.01, gap ≤ 1e-3 (host Float64)");
console.log("     n  patterns  enumerate (s)  solve (s)  iterations  relative gap  converged  memory");
for (const n of sizes.length > 0 ? sizes : [20]) {
  const config = { n, dataSeed: 0, turns: 1, noise: 0.1, lambda: 0.01 };
  const { X, y } = spiralXY(config);
  const t0 = performance.now();
  const patterns = enumeratePatterns(withOnes(X, 2), 3);
  const t1 = performance.now();
  const fit = solveConvexRelu(
    { X, d: 2, y, lambda: config.lambda, patterns },
    { tolerance: 1e-3, maxIterations: 400000 },
  );
  const t2 = performance.now();
  console.log(
    [
      String(n).padStart(6),
      String(patterns.count).padStart(9),
      ((t1 - t0) / 1000).toFixed(3).padStart(14),
      ((t2 - t1) / 1000).toFixed(1).padStart(10),
      String(fit.iterations).padStart(11),
      (fit.gap / fit.networkObjective).toExponential(1).padStart(13),
      String(fit.converged).padStart(10),
      formatBytes(fit.bytes).padStart(8),
    ].join(" "),
  );
  if (!fit.converged) process.exitCode = 1;
}
