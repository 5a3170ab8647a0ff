import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import type { HingeSpec } from "../core/layers/hinge";
import { checkOptions } from "../core/check-options";
import { forward } from "../core/forward";
import { initParams } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import type { Dataset } from "../data/dataset";
import { sampleTarget, type TargetSpec, targetFunction } from "../data/target-functions";
import type { Experiment, Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { OptimizerConfig } from "../optim/optimizer";
import { solveGroupLasso } from "../solvers/group-lasso";
import { hingeNet } from "../solvers/hinge-lasso";
import { netFromParams, type TwoLayerNet, weightDecayObjective } from "../solvers/two-layer";
import { dataPointKnots } from "../splines/knot-placement";
import { evenlySpaced } from "../core/layers/knots";

/** The 1-D convex bridge: frozen hinges at the data points with an ℓ1 readout, against trained nets. */
export interface ConvexBridgeConfig {
  readonly data: TargetSpec;
  /** λ of the objective `mse + (λ/2) Σ (w² + a²)` (biases free), i.e. of `mse + λ ‖c‖₁` on the hinges. */
  readonly lambda: number;
  /** Hidden widths of the trained two-layer nets. */
  readonly widths: readonly number[];
  readonly optimizer: OptimizerConfig;
  /** Full-batch steps per net. */
  readonly numSteps: number;
  /** Relative duality-gap tolerance of the convex solve. */
  readonly tolerance: number;
  readonly plotPoints: number;
}

/** Full mode: 24 noisy samples of sin 2πx, λ = 1e-3, widths 2 … 64, 4,000 Adam steps each. */
export const DEFAULT_CONVEX_BRIDGE: ConvexBridgeConfig = {
  data: { target: "sin2pi", n: 24, numTest: 256, noise: 0.1, seed: 1 },
  lambda: 1e-3,
  widths: [2, 4, 8, 16, 32, 64],
  optimizer: { kind: "adam", lr: 0.01 },
  numSteps: 4000,
  tolerance: 1e-6,
  plotPoints: 201,
};

/** Quick mode: widths 2, 8, 32 and 800 steps. */
export const QUICK_CONVEX_BRIDGE: ConvexBridgeConfig = {
  ...DEFAULT_CONVEX_BRIDGE,
  widths: [2, 8, 32],
  numSteps: 800,
};

/** The convex side: the hinge layer at the data points and its ℓ1 readout, solved to a certified gap. */
export interface HingeOptimum {
  /** The hinge layer, `{ kind: "hinge", knots: <data points>, signs: "both" }`, and its readout. */
  readonly arch: Architecture;
  /** The readout's coefficients (one per hinge) and intercept. */
  readonly coefficients: readonly number[];
  readonly intercept: number;
  readonly objective: number;
  /** A certified lower bound on the optimum of the non-convex objective at every width. */
  readonly lowerBound: number;
  /** Hinges with a non-zero coefficient: the width the optimum needs. */
  readonly numActive: number;
}

/**
 * Solves the convex program behind a weight-decayed two-layer ReLU net in 1-D: a Lasso over the outputs of a
 * frozen `hinge` layer at the data points (both signs), with an unpenalised intercept, by `solveGroupLasso`.
 *
 * @throws when the data are not 1-D, λ ≤ 0, or the solver misses the tolerance.
 */
export function hingeOptimum(train: Dataset, lambda: number, tolerance = 1e-6): HingeOptimum {
  if (train.inDim !== 1 || train.outDim !== 1) throw new Error("hingeOptimum: needs 1-D inputs and targets");
  if (!(lambda > 0)) throw new Error(`hingeOptimum: lambda must be > 0; got ${lambda}`);
  const arch: Architecture = {
    inDim: 1,
    layers: [
      { kind: "hinge", knots: dataPointKnots(train.X), signs: "both" },
      { kind: "dense", units: 1 },
    ],
  };
  const params = initParams(arch, { seed: 0 });
  const features = tf.tidy(() => {
    const X = tf.tensor2d(train.X, [train.numExamples, 1]);
    return forward(
      { inDim: 1, layers: [arch.layers[0]] },
      { "hinge0/kernel": params["hinge0/kernel"], "hinge0/bias": params["hinge0/bias"] },
      X,
    );
  });
  const A = Float64Array.from(features.dataSync());
  features.dispose();
  disposeParams(params);
  const fit = solveGroupLasso(
    { A, y: train.y, lambda, intercept: true },
    { tolerance, maxIterations: 200000 },
  );
  if (!fit.converged)
    throw new Error(`hingeOptimum: the solver stopped at relative gap ${fit.gap / fit.objective}`);
  return {
    arch,
    coefficients: Array.from(fit.w),
    intercept: fit.intercept,
    objective: fit.objective,
    lowerBound: fit.lowerBound,
    numActive: fit.w.filter((c) => c !== 0).length,
  };
}

/** The optimum as kit params of its architecture (hinges, then the readout); the caller owns them. */
export function hingeOptimumParams(optimum: HingeOptimum): Params {
  const params = initParams(optimum.arch, { seed: 0 });
  tf.dispose([params["dense1/kernel"], params["dense1/bias"]]);
  const m = optimum.coefficients.length;
  return {
    ...params,
    "dense1/kernel": tf.tensor2d([...optimum.coefficients], [m, 1]),
    "dense1/bias": tf.tensor1d([optimum.intercept]),
  };
}

/** The optimum as a balanced two-layer ReLU net whose weight-decayed objective equals it (`hingeNet`). */
export function hingeOptimumNet(optimum: HingeOptimum): TwoLayerNet {
  const knots = (optimum.arch.layers[0] as HingeSpec).knots as readonly number[];
  const signs = [1, -1].flatMap((s) => knots.map(() => s));
  return hingeNet(optimum.coefficients, [...knots, ...knots], signs, optimum.intercept);
}

/** What {@link CONVEX_BRIDGE} returns for one seed. */
export interface ConvexBridgeResult {
  readonly seed: number;
  readonly optimum: HingeOptimum;
  readonly widths: readonly number[];
  /** The trained nets' objectives, one per width. */
  readonly objectives: readonly number[];
  /** `objective − optimum.lowerBound` per width: never below 0 (a theorem), up to float rounding. */
  readonly gaps: readonly number[];
  readonly x: readonly number[];
  readonly optimumPrediction: readonly number[];
  /** Each trained net on the plot grid, one row per width. */
  readonly predictions: readonly (readonly number[])[];
  readonly trainX: readonly number[];
  readonly trainY: readonly number[];
}

function checkConfig(config: ConvexBridgeConfig): void {
  const shape = {
    data: "object",
    lambda: "number",
    widths: "array",
    optimizer: "object",
    numSteps: "number",
    tolerance: "number",
    plotPoints: "number",
  };
  checkOptions(config, shape, "convex bridge config");
  if (targetFunction(config.data.target).inDim !== 1)
    throw new Error("convex bridge: the target must be 1-D");
  if (!(config.lambda > 0)) throw new Error(`convex bridge: lambda must be > 0; got ${config.lambda}`);
  if (config.widths.length === 0 || !config.widths.every((w) => Number.isInteger(w) && w > 0)) {
    throw new Error(`convex bridge: widths must be positive integers; got [${config.widths}]`);
  }
  if (!(Number.isInteger(config.numSteps) && config.numSteps > 0)) {
    throw new Error(`convex bridge: numSteps must be a positive integer; got ${config.numSteps}`);
  }
}

/** The prediction of `arch` on the plot grid. */
function onGrid(arch: Architecture, params: Params, x: readonly number[]): number[] {
  return tf.tidy(() => Array.from(forward(arch, params, tf.tensor2d([...x], [x.length, 1])).dataSync()));
}

/**
 * The convex bridge for one seed: solves the hinge program once, then trains a two-layer ReLU net of every
 * width (init and batch order from `seed`, full batch, the ℓ2 penalty λ on both kernels) and reports each
 * net's objective and its gap to the certified optimum.
 */
export const CONVEX_BRIDGE: Experiment<Seeded<ConvexBridgeConfig>, ConvexBridgeResult> = {
  name: "convex-bridge",
  version: 2,
  check: ({ config }) => checkConfig(config),
  steps: ({ config }) => config.numSteps * config.widths.length,
  async compute({ config, seed }, progress, options) {
    const data = sampleTarget(config.data);
    const optimum = hingeOptimum(data.train, config.lambda, config.tolerance);
    const { range } = targetFunction(config.data.target);
    const x = evenlySpaced(range[0], range[1], config.plotPoints);
    const best = hingeOptimumParams(optimum);
    const optimumPrediction = onGrid(optimum.arch, best, x);
    disposeParams(best);
    const [objectives, predictions]: [number[], number[][]] = [[], []];
    for (const width of config.widths) {
      const arch: Architecture = {
        inDim: 1,
        layers: [
          { kind: "randomRelu", units: width, range, frozen: false },
          { kind: "dense", units: 1 },
        ],
      };
      const init = initParams(arch, { seed });
      const label = `seed ${seed} · width ${width}`;
      try {
        const run = await trainUnit(
          arch,
          init,
          { train: data.train },
          {
            optimizer: config.optimizer,
            seed,
            numSteps: config.numSteps,
            batchSize: data.train.numExamples,
            l2: { coefficient: config.lambda },
            progress: progress.stage(label, config.numSteps),
            signal: options.signal,
            handleSigint: options.handleSigint,
            label,
          },
        );
        objectives.push(
          weightDecayObjective(netFromParams(arch, run.params), data.train.X, data.train.y, config.lambda),
        );
        predictions.push(onGrid(arch, run.params, x));
        disposeParams(run.params);
      } finally {
        disposeParams(init);
      }
    }
    return {
      seed,
      optimum,
      widths: config.widths,
      objectives,
      gaps: objectives.map((o) => o - optimum.lowerBound),
      x,
      optimumPrediction,
      predictions,
      trainX: Array.from(data.train.X),
      trainY: Array.from(data.train.y),
    };
  },
};
