import { type Architecture, mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import type { InitKind } from "../core/init-kernel";
import { disposeParams, type Params } from "../core/params";
import { type DataSpec, loadData } from "../experiment/data-spec";
import type { Experiment } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { conservedDrift, conservedQuantities, neuronSquaredNorms } from "../gauge/conserved";
import type { StepContext } from "../train/callbacks";

/** A sweep of plain SGD over learning rates at a fixed gradient-flow time `T = lr · numSteps`. */
export interface ConservedSweepConfig {
  readonly data: DataSpec;
  /** The network, e.g. `mlp([784, 100, 100, 10])`. */
  readonly arch: Architecture;
  readonly init: InitKind;
  /** Seed of the init and of the batch order (the same for every lr). */
  readonly seed: number;
  readonly batchSize: number;
  /** Every run trains `round(time / lr)` steps, so all runs follow the same gradient flow for the same time. */
  readonly time: number;
  readonly lrs: readonly number[];
  /** Times along each run, equally spaced in gradient-flow time, at which the drift is recorded. */
  readonly numCheckpoints: number;
}

/**
 * Full mode: a 784-100-100-10 MLP on MNIST-10k for T = 10, lr from 1e-3 (close to gradient flow, 10,000 steps)
 * to 0.3 (33 steps); about 40 s on wasm.
 */
export const DEFAULT_CONSERVED: ConservedSweepConfig = {
  data: { kind: "mnist", seed: 0 },
  arch: mlp([784, 100, 100, 10]),
  init: "glorotNormal",
  seed: 0,
  batchSize: 60,
  time: 10,
  lrs: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3],
  numCheckpoints: 20,
};

/** Quick mode: T = 5 and lr from 1e-2 (500 steps). */
export const QUICK_CONSERVED: ConservedSweepConfig = {
  ...DEFAULT_CONSERVED,
  time: 5,
  lrs: [0.01, 0.03, 0.1, 0.3],
};

/** One run of the sweep. */
export type ConservedSweepRow = {
  readonly lr: number;
  readonly numSteps: number;
  /** Mean over hidden neurons of `|q_end − q_start|`, `q = ‖w_in‖² + b² − ‖w_out‖²`. */
  readonly meanAbsDrift: number;
  readonly maxAbsDrift: number;
  /** Mean over hidden neurons of `|Δ(‖w_in‖² + b²)|`: how much the terms of `q` moved on their own. */
  readonly meanAbsNormChange: number;
  /** `meanAbsDrift / meanAbsNormChange`: the fraction of the norms' motion that `q` failed to cancel. */
  readonly relativeDrift: number;
  readonly testAcc: number;
};

/** The drift during one run: `meanAbsDrift[k]` is mean `|q_t − q_0|` at gradient-flow time `time[k] = lr · step`. */
export interface ConservedTrajectory {
  readonly lr: number;
  readonly time: readonly number[];
  readonly meanAbsDrift: readonly number[];
}

/** What {@link CONSERVED_SWEEP} returns: plain JSON. */
export interface ConservedSweep {
  readonly rows: readonly ConservedSweepRow[];
  /** `q` of every hidden neuron (layers concatenated) at the start, `[numHiddenUnits]`. */
  readonly qStart: readonly number[];
  /** `q` at the end of each run, in the order of `rows`. */
  readonly qEnd: readonly (readonly number[])[];
  /** The drift during each run, in the order of `rows`. */
  readonly trajectories: readonly ConservedTrajectory[];
}

const SWEEP_FIELDS = {
  data: "object",
  arch: "object",
  init: "string",
  seed: "number",
  batchSize: "number",
  time: "number",
  lrs: "array",
  numCheckpoints: "number",
} as const;

/** Checks the sweep's config before any work. @throws on a non-positive lr or time, or bad checkpoints. */
function checkSweep(config: ConservedSweepConfig): void {
  checkOptions(config, SWEEP_FIELDS, "conserved sweep config");
  if (!(config.time > 0)) throw new Error(`conserved sweep: time must be > 0; got ${config.time}`);
  for (const lr of config.lrs) {
    if (!(lr > 0)) throw new Error(`conserved sweep: every lr must be > 0; got ${lr}`);
  }
  if (!(Number.isInteger(config.numCheckpoints) && config.numCheckpoints > 0)) {
    throw new Error(
      `conserved sweep: numCheckpoints must be a positive integer; got ${config.numCheckpoints}`,
    );
  }
}

/** Steps of the run at `lr`: the same gradient-flow time for every lr. */
function stepsAt(config: ConservedSweepConfig, lr: number): number {
  return Math.max(1, Math.round(config.time / lr));
}

/** The values of per-group records, groups in order, concatenated. */
function flat(q: Readonly<Record<string, ArrayLike<number>>>): number[] {
  return Object.values(q).flatMap((group) => Array.from(group));
}

async function computeSweep(
  config: ConservedSweepConfig,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<ConservedSweep> {
  const { arch } = config;
  const data = loadData(config.data);
  const init = initParams(arch, { seed: config.seed, init: config.init });
  const qStart = flat(conservedQuantities(arch, init));
  const rows: ConservedSweepRow[] = [];
  const qEnd: number[][] = [];
  const trajectories: ConservedTrajectory[] = [];
  try {
    for (const lr of config.lrs) {
      const numSteps = stepsAt(config, lr);
      const tracker = driftTracker(arch, init, numSteps, config.numCheckpoints);
      const label = `sgd lr=${lr}`;
      const run = await trainUnit(arch, init, data, {
        callbacks: { onStep: tracker.onStep },
        optimizer: { kind: "sgd", lr },
        seed: config.seed,
        numSteps,
        batchSize: config.batchSize,
        evalEvery: numSteps,
        progress: progress.stage(label, numSteps),
        signal: options.signal,
        handleSigint: options.handleSigint,
        label,
      });
      const drift = conservedDrift(arch, init, run.params);
      const normChange = meanAbsIncomingChange(arch, init, run.params);
      qEnd.push(flat(conservedQuantities(arch, run.params)));
      disposeParams(run.params);
      rows.push({
        lr,
        numSteps,
        meanAbsDrift: drift.meanAbs,
        maxAbsDrift: drift.maxAbs,
        meanAbsNormChange: normChange,
        relativeDrift: drift.meanAbs / normChange,
        testAcc: run.evals[run.evals.length - 1]?.test?.accuracy ?? NaN,
      });
      trajectories.push({ lr, time: tracker.steps.map((step) => lr * step), meanAbsDrift: tracker.drift });
    }
  } finally {
    disposeParams(init);
  }
  return { rows, qStart, qEnd, trajectories };
}

/**
 * Tracks the quantities gradient flow conserves, `‖w_in‖² + b² − ‖w_out‖²` per hidden neuron, under SGD, as
 * an experiment: from one init and one batch order, trains `round(time / lr)` steps of plain SGD for each lr
 * and measures how far they drifted, at the end and at `numCheckpoints` times along the way. Each SGD step
 * changes them by `lr² (‖g_in‖² + g_b² − ‖g_out‖²)`, so at a fixed time the drift shrinks like lr as the steps
 * approach gradient flow. The result: one row per lr plus the quantities themselves.
 */
export const CONSERVED_SWEEP: Experiment<ConservedSweepConfig, ConservedSweep> = {
  name: "gauge-conserved",
  version: 2,
  check: checkSweep,
  steps: (config) => config.lrs.reduce((n, lr) => n + stepsAt(config, lr), 0),
  compute: computeSweep,
};

/** The mean over hidden neurons of `|‖w_in‖² + b²|` after minus before. */
function meanAbsIncomingChange(arch: Architecture, before: Params, after: Params): number {
  const [a, b] = [neuronSquaredNorms(arch, before).incoming, neuronSquaredNorms(arch, after).incoming];
  let sum = 0;
  let count = 0;
  for (const [p, inA] of Object.entries(a)) inA.forEach((x, i) => ((sum += Math.abs(b[p][i] - x)), count++));
  return sum / Math.max(1, count);
}

/** A train callback recording mean `|q_t − q_0|` at `numCheckpoints` equally spaced steps (t > 0) of a run. */
function driftTracker(arch: Architecture, init: Params, numSteps: number, numCheckpoints: number) {
  const wanted = new Set(
    Array.from({ length: numCheckpoints }, (_, k) =>
      Math.max(1, Math.round(((k + 1) * numSteps) / numCheckpoints)),
    ),
  );
  const steps: number[] = [];
  const drift: number[] = [];
  const onStep = (ctx: StepContext) => {
    if (!wanted.has(ctx.step)) return;
    steps.push(ctx.step);
    drift.push(conservedDrift(arch, init, ctx.params).meanAbs);
  };
  return { steps, drift, onStep };
}
