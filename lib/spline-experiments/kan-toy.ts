import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { paramShapes } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import { type RefinedModel, refineGrid } from "../splines/refine-grid";
import { trainableNames } from "../train/freeze";
import { sampleTarget, type TargetSpec, targetFunction } from "../data/target-functions";
import type { Experiment, Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { Dataset } from "../data/dataset";
import { evaluate } from "../train/evaluate";

/** The KAN paper's toy target on frozen B-spline grids of growing size, against parameter-matched MLPs. */
export interface KanToyConfig {
  readonly data: TargetSpec;
  /** Grid sizes G (intervals per B-spline grid), in the order the KAN is extended through them. */
  readonly grids: readonly number[];
  /** Adam's learning rates, one stage each, in order (a step schedule; Adam's state restarts per stage). */
  readonly lrs: readonly number[];
  /** Full-batch steps per stage. */
  readonly stepsPerStage: number;
}

/**
 * Full mode: exp(sin πx + y²) from 500 samples, G = 3, 5, 10, 20, each trained by Adam at lr 0.03, 0.01,
 * 0.003, 0.001 for 500 full-batch steps each (the paper used LBFGS, which the kit does not have).
 */
export const DEFAULT_KAN_TOY: KanToyConfig = {
  data: { target: "kanExp", n: 500, numTest: 1000, seed: 0 },
  grids: [3, 5, 10, 20],
  lrs: [0.03, 0.01, 0.003, 0.001],
  stepsPerStage: 500,
};

/** Quick mode: G = 3 and 10, two stages of 150 steps. */
export const QUICK_KAN_TOY: KanToyConfig = {
  ...DEFAULT_KAN_TOY,
  grids: [3, 10],
  lrs: [0.03, 0.003],
  stepsPerStage: 150,
};

/**
 * A Kolmogorov–Arnold net of shape [2, 1, 1] from the kit's layers with frozen grids: a cubic B-spline basis
 * per input on [−1, 1], a trained linear readout that sums the two inner functions φ₁(x) + φ₂(y), a cubic
 * B-spline basis on that sum (clamped to [−1, 1]) and a trained readout, the outer function Φ.
 */
export function frozenGridKan(grid: number): Architecture {
  return {
    inDim: 2,
    layers: [
      { kind: "bspline", grid, range: [-1, 1], degree: 3, name: "inner" },
      { kind: "dense", units: 1, name: "sum" },
      { kind: "bspline", grid, range: [-1, 1], degree: 3, outside: "clamp", name: "outer" },
      { kind: "dense", units: 1, name: "readout" },
    ],
  };
}

/** The KAN with both grids extended to `grid` intervals, refitted on the training inputs `X`. */
function extend(kan: RefinedModel, grid: number, X: tf.Tensor2D): RefinedModel {
  const inner = refineGrid(kan.arch, kan.params, 0, grid, X);
  try {
    return refineGrid(inner.arch, inner.params, 2, grid, X);
  } finally {
    disposeParams(inner.params);
  }
}

/** The number of trainable numbers of `arch`. */
export function trainableCount(arch: Architecture): number {
  const shapes = paramShapes(arch);
  return [...trainableNames(arch)].reduce((n, name) => n + shapes[name].reduce((a, b) => a * b, 1), 0);
}

/** A one-hidden-layer ReLU MLP `[2, h, 1]` with about `count` parameters (h ≥ 1), initialised as `randomRelu`. */
export function matchedMlp(count: number): Architecture {
  const h = Math.max(1, Math.round((count - 1) / 4));
  return {
    inDim: 2,
    layers: [
      { kind: "randomRelu", units: h, frozen: false },
      { kind: "dense", units: 1 },
    ],
  };
}

/** A model's final RMSE on the training and test sets. */
export interface FitSummary {
  readonly trainRmse: number;
  readonly testRmse: number;
}

/** One grid size: the frozen-grid KAN and its matched MLP, each's train and test RMSE and size. */
export interface KanToyRow {
  readonly grid: number;
  readonly kanParams: number;
  readonly mlpParams: number;
  /** The KAN (extended from the previous grid) and the MLP after training. */
  readonly kan: FitSummary;
  readonly mlp: FitSummary;
}

/** What {@link KAN_TOY} returns for one seed. */
export interface KanToyResult {
  readonly seed: number;
  readonly rows: readonly KanToyRow[];
}

function checkConfig(config: KanToyConfig): void {
  checkOptions(
    config,
    { data: "object", grids: "array", lrs: "array", stepsPerStage: "number" },
    "kan toy config",
  );
  if (config.lrs.length === 0 || !config.lrs.every((lr) => lr > 0 && Number.isFinite(lr))) {
    throw new Error(`kan toy: lrs must be finite numbers > 0; got [${config.lrs}]`);
  }
  if (targetFunction(config.data.target).inDim !== 2) throw new Error("kan toy: the target must be 2-D");
  if (config.grids.length === 0 || !config.grids.every((G) => Number.isInteger(G) && G >= 1)) {
    throw new Error(`kan toy: grids must be integers ≥ 1; got [${config.grids}]`);
  }
  if (!(Number.isInteger(config.stepsPerStage) && config.stepsPerStage > 0)) {
    throw new Error(`kan toy: stepsPerStage must be a positive integer; got ${config.stepsPerStage}`);
  }
}

/**
 * For one seed: trains the frozen-grid KAN {@link frozenGridKan} at the first grid size, then extends both its
 * grids to each next size (`refineGrid`, as the KAN paper does) and trains on; at every size it also trains an
 * MLP with as many trainable parameters from scratch. Every model gets the same full-batch Adam schedule.
 * Reports RMSE on the training set (what the KAN paper plots) and on the test set.
 */
export const KAN_TOY: Experiment<Seeded<KanToyConfig>, KanToyResult> = {
  name: "kan-toy",
  version: 1,
  check: ({ config }) => checkConfig(config),
  steps: ({ config }) => 2 * config.stepsPerStage * config.grids.length * config.lrs.length,
  async compute({ config, seed }, progress, options) {
    const data = sampleTarget(config.data);
    const X = tf.tensor2d(data.train.X, [data.train.numExamples, 2]);
    /** Trains `start` (disposed) through the lr stages; returns the trained params and their RMSEs. */
    const fit = async (arch: Architecture, start: Params, label: string) => {
      let params = start;
      try {
        for (const lr of config.lrs) {
          const stage = `seed ${seed} · ${label} · lr ${lr}`;
          const run = await trainUnit(
            arch,
            params,
            { train: data.train },
            {
              optimizer: { kind: "adam", lr },
              seed,
              numSteps: config.stepsPerStage,
              batchSize: data.train.numExamples,
              progress: progress.stage(stage, config.stepsPerStage),
              signal: options.signal,
              handleSigint: options.handleSigint,
              label: stage,
            },
          );
          disposeParams(params);
          params = run.params;
        }
      } catch (err) {
        disposeParams(params);
        throw err;
      }
      const rmse = (ds: Dataset) => Math.sqrt(evaluate(arch, params, ds, { loss: "mse" }).loss);
      return { params, summary: { trainRmse: rmse(data.train), testRmse: rmse(data.test) } };
    };
    const rows: KanToyRow[] = [];
    let kan: RefinedModel | undefined;
    try {
      for (const grid of config.grids) {
        const next: RefinedModel = kan
          ? extend(kan, grid, X)
          : { arch: frozenGridKan(grid), params: initParams(frozenGridKan(grid), { seed }) };
        if (kan) disposeParams(kan.params);
        kan = undefined;
        const kanFit = await fit(next.arch, next.params, `KAN G=${grid}`);
        kan = { arch: next.arch, params: kanFit.params };
        const mlpArch = matchedMlp(trainableCount(next.arch));
        const mlpFit = await fit(mlpArch, initParams(mlpArch, { seed }), `MLP for G=${grid}`);
        disposeParams(mlpFit.params);
        rows.push({
          grid,
          kanParams: trainableCount(next.arch),
          mlpParams: trainableCount(mlpArch),
          kan: kanFit.summary,
          mlp: mlpFit.summary,
        });
      }
    } finally {
      if (kan) disposeParams(kan.params);
      X.dispose();
    }
    return { seed, rows };
  },
};
