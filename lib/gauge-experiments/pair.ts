import * as fs from "fs";
import { type Architecture, mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import type { InitKind } from "../core/init-kernel";
import { disposeParams, type Params } from "../core/params";
import { loadModel, saveModel } from "../core/serialize";
import { cachePath } from "../experiment/cache";
import { type DataSets, type DataSpec, loadData, trainSize } from "../experiment/data-spec";
import { type Experiment, runUnit } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import { ExperimentProgress } from "../experiment/progress";
import type { OptimizerConfig } from "../optim/optimizer";

/** Two networks of one architecture trained apart: same data and recipe, different init and batch-order seeds. */
export interface PairConfig {
  readonly data: DataSpec;
  /** The network, e.g. `mlp([784, 512, 512, 512, 10])` (Git Re-Basin's MLP). */
  readonly arch: Architecture;
  readonly init: InitKind;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  readonly epochs: number;
  /** Seeds of network A and network B (init and batch order). */
  readonly seeds: readonly [number, number];
}

/** Git Re-Basin's MNIST MLP (3 × 512, Adam 1e-3) on MNIST-10k: about 45 s per network on wasm. */
export const DEFAULT_PAIR: PairConfig = {
  data: { kind: "mnist", seed: 0 },
  arch: mlp([784, 512, 512, 512, 10]),
  init: "glorotNormal",
  optimizer: { kind: "adam", lr: 1e-3 },
  batchSize: 60,
  epochs: 10,
  seeds: [1, 2],
};

/** Quick mode: 3 × 128, 8 epochs (a few seconds per network); matching still collapses the barrier. */
export const QUICK_PAIR: PairConfig = { ...DEFAULT_PAIR, arch: mlp([784, 128, 128, 128, 10]), epochs: 8 };

/** One trained network's record. */
export type NetSummary = {
  readonly seed: number;
  readonly testAcc: number;
  readonly testLoss: number;
  readonly trainLoss: number;
  readonly numSteps: number;
  readonly seconds: number;
};

/** What {@link trainPair} returns. */
export interface TrainedPair {
  readonly config: PairConfig;
  /** Trained network A and B; the caller owns (disposes) both. */
  readonly a: Params;
  readonly b: Params;
  readonly data: DataSets;
  /** Per network (A, B): accuracy, losses, training time (of the run that filled the cache). */
  readonly summary: readonly [NetSummary, NetSummary];
}

/** The initial params of network `which` of a pair: `initParams(arch, {seed, init})`; the caller owns them. */
export function pairInit(config: PairConfig, which: 0 | 1): Params {
  return initParams(config.arch, { seed: config.seeds[which], init: config.init });
}

/** Steps one network of the pair trains. */
function netSteps(config: PairConfig): number {
  const n = trainSize(config.data);
  return Math.max(1, Math.round(config.epochs * Math.ceil(n / Math.min(config.batchSize, n))));
}

/** The saved models beside the cache entry: `<cache file>-a.model.json`, `-b.model.json`. */
function modelFiles(config: PairConfig, cacheDir?: string): [string, string] {
  const base = cachePath(PAIR.name, { version: PAIR.version, unit: config }, cacheDir).replace(/\.json$/, "");
  return [`${base}-a.model.json`, `${base}-b.model.json`];
}

const PAIR_FIELDS = {
  data: "object",
  arch: "object",
  init: "string",
  optimizer: "object",
  batchSize: "number",
  epochs: "number",
  seeds: "array",
} as const;

async function computePair(
  config: PairConfig,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<[NetSummary, NetSummary]> {
  const data = loadData(config.data);
  const files = modelFiles(config, options.cacheDir);
  const out: NetSummary[] = [];
  for (const which of [0, 1] as const) {
    const seed = config.seeds[which];
    const init = pairInit(config, which);
    const label = `network ${"AB"[which]}`;
    const numSteps = netSteps(config);
    let run;
    try {
      run = await trainUnit(config.arch, init, data, {
        optimizer: config.optimizer,
        seed,
        epochs: config.epochs,
        batchSize: config.batchSize,
        evalEvery: 1e9,
        progress: progress.stage(label, numSteps),
        signal: options.signal,
        handleSigint: options.handleSigint,
        label,
      });
    } finally {
      disposeParams(init);
    }
    const last = run.evals[run.evals.length - 1]?.test;
    saveModel(config.arch, run.params, files[which]);
    disposeParams(run.params);
    const trainLoss = run.trainLoss.slice(-Math.ceil(data.train.numExamples / config.batchSize));
    out.push({
      seed,
      testAcc: last?.accuracy ?? NaN,
      testLoss: last?.loss ?? NaN,
      trainLoss: trainLoss.reduce((s, x) => s + x, 0) / Math.max(1, trainLoss.length),
      numSteps: run.numSteps,
      seconds: run.seconds,
    });
  }
  return [out[0], out[1]];
}

/**
 * Two networks trained apart (A from `seeds[0]`, B from `seeds[1]`: init and batch order) as an experiment
 * unit. The result is their summaries; the trained models are saved beside the cache entry.
 */
export const PAIR: Experiment<PairConfig, [NetSummary, NetSummary]> = {
  name: "gauge-pair",
  version: 2,
  check(config) {
    checkOptions(config, PAIR_FIELDS, "pair config");
    if (config.seeds.length !== 2)
      throw new Error(`pair config: seeds must be two seeds [A, B]; got [${config.seeds}]`);
  },
  steps: (config) => 2 * netSteps(config),
  compute: computePair,
};

/**
 * The pair of {@link PAIR} through a shared progress bar: loaded from the cache, or trained and cached
 * (retrained when a saved model is missing). Used by {@link trainPair} and by experiments built on the pair.
 *
 * @returns both trained networks (the caller owns them), the data and per-network summaries.
 * @throws on a bad config (as `train` and `initParams` do), and `ExperimentInterrupted` when stopped.
 */
export async function pairUnit(
  config: PairConfig,
  progress: ExperimentProgress,
  options: ExperimentOptions = {},
): Promise<TrainedPair> {
  const files = modelFiles(config, options.cacheDir);
  let summary = await runUnit(PAIR, config, progress, options);
  if (!files.every((f) => fs.existsSync(f))) {
    progress.extend(PAIR.steps(config));
    summary = await runUnit(PAIR, config, progress, { ...options, recompute: true });
  }
  const [a, b] = files.map((f) => loadModel(f).params);
  return { config, a, b, data: loadData(config.data), summary };
}

/**
 * Trains the two networks of {@link PAIR} apart, or loads them from the cache, with one progress bar.
 *
 * @returns both trained networks (the caller owns them), the data and per-network summaries.
 * @throws on a bad config, and `ExperimentInterrupted` when stopped (nothing is cached).
 */
export async function trainPair(config: PairConfig, options: ExperimentOptions = {}): Promise<TrainedPair> {
  PAIR.check(config);
  const progress = new ExperimentProgress(options.progress, PAIR.steps(config));
  const pair = await pairUnit(config, progress, options);
  await progress.finish();
  return pair;
}
