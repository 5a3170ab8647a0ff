import { checkOptions } from "../core/check-options";
import type { Experiment } from "../experiment/experiment";
import { solveConvexRelu } from "../solvers/convex-relu";
import { enumeratePatterns, samplePatterns, withOnes } from "../solvers/patterns";
import { signAccuracy, spiralXY, type SpiralData } from "./spiral";

/** The spiral solved with every pattern and with sampled patterns from each gate count. */
export interface SamplingTradeoffConfig extends SpiralData {
  readonly gates: readonly number[];
  readonly seed: number;
  readonly tolerance: number;
  readonly maxIterations: number;
}

/** One solve. */
export interface SamplingRow {
  /** Gates drawn (0 = exact enumeration). */
  readonly gates: number;
  readonly numPatterns: number;
  /** The recovered net's weight-decayed objective (feasible). */
  readonly networkObjective: number;
  /** The certified bound over this solve's patterns (for the exact row, over every net). */
  readonly lowerBound: number;
  readonly converged: boolean;
  readonly accuracy: number;
  readonly seconds: number;
}

/** Full mode: a 20-point spiral, 4 to 256 gates. */
export const DEFAULT_SAMPLING_TRADEOFF: SamplingTradeoffConfig = {
  n: 20,
  dataSeed: 0,
  turns: 1,
  noise: 0.1,
  lambda: 0.01,
  gates: [4, 16, 64, 256],
  seed: 0,
  tolerance: 1e-3,
  maxIterations: 200000,
};

/**
 * What sampling gives up: the convex ReLU program on a small spiral with all its patterns (the global optimum)
 * and with the patterns of a few sampled gates (a restricted program whose net is feasible, so its objective is
 * ≥ the optimum).
 */
export const SAMPLING_TRADEOFF: Experiment<SamplingTradeoffConfig, SamplingRow[]> = {
  name: "analytic-sampling-tradeoff",
  version: 1,
  check: (config) =>
    checkOptions(
      config,
      {
        n: "number",
        dataSeed: "number",
        turns: "number",
        noise: "number",
        lambda: "number",
        gates: "array",
        seed: "number",
        tolerance: "number",
        maxIterations: "number",
      },
      "sampling-tradeoff config",
    ),
  steps: (config) => config.gates.length + 1,
  async compute(config, progress) {
    const { X, y } = spiralXY(config);
    const Xt = withOnes(X, 2);
    const rows: SamplingRow[] = [];
    for (const gates of [0, ...config.gates]) {
      const sink = progress.stage(gates === 0 ? "every pattern" : `${gates} gates`, 1);
      const patterns = gates === 0 ? enumeratePatterns(Xt, 3) : samplePatterns(Xt, 3, gates, config.seed);
      const t0 = performance.now();
      const fit = solveConvexRelu(
        { X, d: 2, y, lambda: config.lambda, patterns },
        { tolerance: config.tolerance, maxIterations: config.maxIterations },
      );
      rows.push({
        gates,
        numPatterns: patterns.count,
        networkObjective: fit.networkObjective,
        lowerBound: fit.lowerBound,
        converged: fit.converged,
        accuracy: signAccuracy(fit.net, X, y),
        seconds: (performance.now() - t0) / 1000,
      });
      await sink.done({ step: 1, total: 1 });
    }
    return rows;
  },
};
