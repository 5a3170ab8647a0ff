import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { layerOutputs } from "../core/forward";
import { initParams } from "../core/init";
import { disposeParams } from "../core/params";
import { sampleTarget, type TargetSpec, targetFunction } from "../data/target-functions";
import type { Experiment, Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { OptimizerConfig } from "../optim/optimizer";
import { deadUnitFraction } from "../splines/dead-units";
import { knotOrderTau } from "../splines/unit-knots";
import { armLayer, type BasisArm, BASIS_ARMS, checkArms } from "./arms";
import { evenlySpaced } from "../core/layers/knots";

/** 1-D regression with each first layer of {@link BasisArm} under a trained linear readout. */
export interface BasisRegressionConfig {
  readonly data: TargetSpec;
  /** Units of every arm's first layer. */
  readonly width: number;
  readonly arms: readonly BasisArm[];
  readonly optimizer: OptimizerConfig;
  /** Full-batch steps. */
  readonly numSteps: number;
  readonly evalEvery: number;
  /** Points of the even grid on which the learned functions and basis functions are recorded. */
  readonly plotPoints: number;
}

/** Full mode: sin 2πx from 64 noisy samples, width 24, 4,000 full-batch Adam steps. */
export const DEFAULT_BASIS_REGRESSION: BasisRegressionConfig = {
  data: { target: "sin2pi", n: 64, numTest: 512, noise: 0.1, seed: 0 },
  width: 24,
  arms: BASIS_ARMS,
  optimizer: { kind: "adam", lr: 0.01 },
  numSteps: 4000,
  evalEvery: 100,
  plotPoints: 201,
};

/** Quick mode: 800 steps. */
export const QUICK_BASIS_REGRESSION: BasisRegressionConfig = {
  ...DEFAULT_BASIS_REGRESSION,
  numSteps: 800,
  evalEvery: 50,
};

/** One arm's run: its test and train error along training, and what it learned. */
export interface BasisArmRun {
  readonly arm: BasisArm;
  readonly steps: readonly number[];
  /** Test MSE against the noise-free target at each evaluation. */
  readonly testMse: readonly number[];
  /** The model on the plot grid at the end. */
  readonly prediction: readonly number[];
  /** Each first-layer unit on the plot grid at the end, `[width][plotPoints]`. */
  readonly basis: readonly (readonly number[])[];
  /** The fraction of first-layer units dead on the training inputs at the end. */
  readonly deadFraction: number;
  /** Kendall τ of the first layer's knot order, end against start (ordered layers only). */
  readonly knotTau?: number;
}

/** What {@link BASIS_REGRESSION} returns for one seed. */
export interface BasisRegressionResult {
  readonly seed: number;
  /** The plot grid and the noise-free target on it. */
  readonly x: readonly number[];
  readonly target: readonly number[];
  /** The training samples. */
  readonly trainX: readonly number[];
  readonly trainY: readonly number[];
  readonly runs: readonly BasisArmRun[];
}

function checkConfig(config: BasisRegressionConfig): void {
  const shape = {
    data: "object",
    width: "number",
    arms: "array",
    optimizer: "object",
    numSteps: "number",
    evalEvery: "number",
    plotPoints: "number",
  };
  checkOptions(config, shape, "basis regression config");
  checkArms(config.arms, "basis regression");
  if (targetFunction(config.data.target).inDim !== 1)
    throw new Error("basis regression: the target must be 1-D");
  for (const key of ["width", "numSteps", "evalEvery", "plotPoints"] as const) {
    if (!(Number.isInteger(config[key]) && config[key] > 1)) {
      throw new Error(`basis regression: ${key} must be an integer > 1; got ${config[key]}`);
    }
  }
}

/**
 * Trains, for one seed (the readout's and the trained layers' init; the data are the config's), every arm's
 * `[1 → width → 1]` model full-batch on the 1-D target, and records test error along the way, the learned
 * function and basis on a grid, dead units, and (ordered layers) the Kendall τ of the knots.
 */
export const BASIS_REGRESSION: Experiment<Seeded<BasisRegressionConfig>, BasisRegressionResult> = {
  name: "basis-regression",
  version: 1,
  check: ({ config }) => checkConfig(config),
  steps: ({ config }) => config.numSteps * config.arms.length,
  async compute({ config, seed }, progress, options) {
    const data = sampleTarget(config.data);
    const { range, f } = targetFunction(config.data.target);
    const x = evenlySpaced(range[0], range[1], config.plotPoints);
    const grid = tf.tensor2d(x, [x.length, 1]);
    const trainX = tf.tensor2d(data.train.X, [data.train.numExamples, 1]);
    const runs: BasisArmRun[] = [];
    try {
      for (const arm of config.arms) {
        const arch: Architecture = {
          inDim: 1,
          layers: [armLayer(arm, data.train, config.width), { kind: "dense", units: 1 }],
        };
        const init = initParams(arch, { seed });
        const label = `seed ${seed} · ${arm}`;
        try {
          const run = await trainUnit(
            arch,
            init,
            { train: data.train, test: data.test },
            {
              optimizer: config.optimizer,
              seed,
              numSteps: config.numSteps,
              batchSize: data.train.numExamples,
              evalEvery: config.evalEvery,
              progress: progress.stage(label, config.numSteps),
              signal: options.signal,
              handleSigint: options.handleSigint,
              label,
            },
          );
          const [hidden, out] = layerOutputs(arch, run.params, grid);
          const basisRows = tf.tidy(() => hidden.transpose().arraySync() as number[][]);
          const prediction = Array.from(out.dataSync());
          tf.dispose([hidden, out]);
          const ordered = arm === "hinges" || arm === "orderedInit";
          runs.push({
            arm,
            steps: run.evals.map((e) => e.step),
            testMse: run.evals.map((e) => e.test?.loss ?? NaN),
            prediction,
            basis: basisRows,
            deadFraction: deadUnitFraction(arch, run.params, 0, trainX),
            ...(ordered ? { knotTau: knotOrderTau(arch, init, run.params, 0) } : {}),
          });
          disposeParams(run.params);
        } finally {
          disposeParams(init);
        }
      }
    } finally {
      tf.dispose([grid, trainX]);
    }
    return {
      seed,
      x,
      target: x.map((v) => f([v])),
      trainX: Array.from(data.train.X),
      trainY: Array.from(data.train.y),
      runs,
    };
  },
};
