import { mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { disposeParams } from "../core/params";
import { type Knot, regression1d } from "../data/regression";
import type { Experiment, Seeded } from "../experiment/experiment";
import { naiveDistance } from "../gauge/gauge-distance";
import { permute } from "../gauge/permute";
import { weightMatching } from "../gauge/weight-matching";
import { hingeLasso } from "../solvers/hinge-lasso";
import { netPredict, twoLayerParams, type TwoLayerNet } from "../solvers/two-layer";
import { type GdRun, gdRun } from "./gd-run";
import { balanceNet, padNet, zeroTinyNeurons } from "./net-tools";

/** The 1-D comparison: the hinge-Lasso optimum against Adam on the same weight-decayed objective. */
export interface HingeGdConfig {
  /** The target, a piecewise-linear function through these knots (regression1d). */
  readonly knots: readonly Knot[];
  readonly n: number;
  readonly noise: number;
  /** The data's seed (the same for every seed of the runs). */
  readonly dataSeed: number;
  /** λ: weight decay on the kernels = the Lasso's ℓ1 weight (mse normalisation). */
  readonly lambda: number;
  readonly widths: readonly number[];
  readonly lr: number;
  readonly numSteps: number;
  readonly numCheckpoints: number;
}

/** Full mode: 24 noisy points of a 4-knot spline, widths 2–64, 4000 full-batch Adam steps. */
export const DEFAULT_HINGE_GD: HingeGdConfig = {
  knots: [
    [-1, 0],
    [-0.4, 0.8],
    [0.1, -0.4],
    [0.6, 0.5],
    [1, 0.1],
  ],
  n: 24,
  noise: 0.05,
  dataSeed: 0,
  lambda: 0.01,
  widths: [2, 4, 8, 16, 64],
  lr: 0.01,
  numSteps: 4000,
  numCheckpoints: 40,
};

/** Quick mode: 1000 steps, three widths. */
export const QUICK_HINGE_GD: HingeGdConfig = { ...DEFAULT_HINGE_GD, widths: [2, 8, 64], numSteps: 1000 };

/** The convex optimum of a {@link HingeGdConfig}'s data (the same for every seed). */
export interface HingeGdOptimum {
  readonly objective: number;
  readonly lowerBound: number;
  readonly numKnots: number;
  readonly net: TwoLayerNet;
}

/** One width's run with its distances to the optimum, raw and modulo the gauge. */
export interface HingeGdRun extends GdRun {
  /** Euclidean distance between the params, the optimum padded with zero neurons to the same width. */
  readonly rawDistance: number;
  /** After balancing every neuron (‖(u, b)‖ = |α|) and weight matching the trained net onto the optimum. */
  readonly gaugeDistance: number;
  /** RMS difference of the two functions on 200 grid points of the data's range. */
  readonly functionDistance: number;
}

/** What one seed returns. */
export interface HingeGdResult {
  readonly optimum: HingeGdOptimum;
  readonly x: number[];
  readonly y: number[];
  readonly runs: HingeGdRun[];
}

function checkConfig(unit: Seeded<HingeGdConfig>): void {
  const shape = {
    knots: "array",
    n: "number",
    noise: "number",
    dataSeed: "number",
    lambda: "number",
    widths: "array",
    lr: "number",
    numSteps: "number",
    numCheckpoints: "number",
  };
  checkOptions(unit.config, shape, "hinge-gd config");
  const { lambda, widths, numSteps } = unit.config;
  if (!(lambda > 0)) throw new Error(`hinge-gd: lambda (the weight decay β) must be > 0; got ${lambda}`);
  if (!widths.every((w) => Number.isInteger(w) && w > 0)) {
    throw new Error(`hinge-gd: widths must be positive integers; got [${widths}]`);
  }
  if (!(Number.isInteger(numSteps) && numSteps > 0))
    throw new Error(`hinge-gd: numSteps must be a positive integer`);
}

function distances(optimum: TwoLayerNet, trained: TwoLayerNet, lo: number, hi: number) {
  const net = zeroTinyNeurons(trained);
  const grid = Float64Array.from({ length: 200 }, (_, i) => lo + ((hi - lo) * i) / 199);
  const [f, g] = [netPredict(optimum, grid), netPredict(net, grid)];
  const functionDistance = Math.sqrt(f.reduce((s, v, i) => s + (v - g[i]) ** 2, 0) / grid.length);
  const width = net.alpha.length;
  if (optimum.alpha.length > width) return { rawDistance: NaN, gaugeDistance: NaN, functionDistance };
  const a = twoLayerParams(balanceNet(padNet(optimum, width)));
  const b = twoLayerParams(balanceNet(net));
  try {
    const moved = permute(a.arch, b.params, weightMatching(a.arch, a.params, b.params).perms);
    const gaugeDistance = naiveDistance(a.params, moved);
    disposeParams(moved);
    return { rawDistance: naiveDistance(a.params, b.params), gaugeDistance, functionDistance };
  } finally {
    disposeParams(a.params);
    disposeParams(b.params);
  }
}

/**
 * 1-D: the exact optimum of the weight-decayed two-layer ReLU net (hidden biases free), a Lasso over hinges at
 * the data points, against full-batch Adam on the same objective at each width, from one seed. Each run records
 * its objective curve and its distance to the optimum raw, modulo the gauge (scales fixed, weight matching)
 * and as functions.
 */
export const HINGE_GD: Experiment<Seeded<HingeGdConfig>, HingeGdResult> = {
  name: "analytic-hinge-gd",
  version: 1,
  check: checkConfig,
  steps: (unit) => unit.config.widths.length * unit.config.numSteps,
  async compute(unit, progress, options) {
    const { config, seed } = unit;
    const data = regression1d({
      knots: config.knots,
      n: config.n,
      seed: config.dataSeed,
      noise: config.noise,
    });
    const x = Array.from(data.X);
    const y = Array.from(data.y);
    const fit = hingeLasso(x, y, config.lambda, { tolerance: 1e-9, maxIterations: 200000 });
    const optimum = {
      objective: fit.objective,
      lowerBound: fit.lowerBound,
      numKnots: fit.net.alpha.length,
      net: fit.net,
    };
    const runs: HingeGdRun[] = [];
    const [lo, hi] = [Math.min(...x), Math.max(...x)];
    for (const width of config.widths) {
      const spec = { ...config, data, width, seed, hiddenBiasPenalised: false };
      const run = await gdRun(mlp([1, width, 1]), spec, progress, options, `seed ${seed} · width ${width}`);
      runs.push({ ...run, ...distances(fit.net, run.net, lo, hi) });
    }
    return { optimum, x, y, runs };
  },
};
