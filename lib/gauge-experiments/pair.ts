import * as fs from "fs";
import type { Dataset } from "../data/dataset";
import { splitDataset } from "../data/dataset";
import { loadMnist } from "../data/mnist";
import { spirals } from "../data/synthetic-2d";
import { cachePath, cached } from "../experiment/cache";
import { initMlp, type InitKind } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import type { ProgressSink } from "../train/progress";
import { loadParams, saveParams } from "../core/serialize";
import { train } from "../train/train";
import type { OptimizerConfig } from "../optim/optimizer";

/** The data two networks are trained on: MNIST-10k (8,000 / 2,000) or a tiny spirals set (tests, sketches). */
export type PairData =
  | { readonly kind: "mnist"; readonly seed: number }
  | { readonly kind: "spirals"; readonly n: number; readonly numClasses: number; readonly seed: number };

/** Two MLPs of one architecture trained apart: same data and recipe, different init and batch-order seeds. */
export interface PairConfig {
  readonly data: PairData;
  /** Layer widths `[inDim, h0, ..., outDim]`, e.g. `[784, 512, 512, 512, 10]` (Git Re-Basin's MLP). */
  readonly sizes: readonly number[];
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
  sizes: [784, 512, 512, 512, 10],
  init: "glorotNormal",
  optimizer: { kind: "adam", lr: 1e-3 },
  batchSize: 60,
  epochs: 10,
  seeds: [1, 2],
};

/** Quick mode: 3 × 128, 8 epochs (a few seconds per network); matching still collapses the barrier. */
export const QUICK_PAIR: PairConfig = { ...DEFAULT_PAIR, sizes: [784, 128, 128, 128, 10], epochs: 8 };

/** The train and test sets of a {@link PairData} (plain host data, nothing to dispose). */
export function pairData(spec: PairData): { train: Dataset; test: Dataset } {
  if (spec.kind === "mnist") return loadMnist({ seed: spec.seed });
  if (spec.kind === "spirals") {
    const all = spirals({ n: spec.n, numClasses: spec.numClasses, seed: spec.seed, noise: 0.05 });
    return splitDataset(all, { seed: spec.seed, numTest: Math.round(spec.n / 4) });
  }
  throw new Error(`pairData: unknown data kind "${(spec as { kind?: unknown }).kind}"; use mnist or spirals`);
}

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
  readonly data: { readonly train: Dataset; readonly test: Dataset };
  /** Per network (A, B): accuracy, losses, training time (of the run that filled the cache). */
  readonly summary: readonly [NetSummary, NetSummary];
}

/** Options of {@link trainPair}. */
export interface TrainPairOptions {
  /** Retrain and overwrite the cache. */
  readonly recompute?: boolean;
  /** Cache folder (default `data/cache`). */
  readonly dir?: string;
  /** A fresh progress sink per network, e.g. `() => g.liveProgress()`. */
  readonly progress?: () => ProgressSink;
}

/** The initial params of network `which` of a pair: `initMlp(sizes, {seed, init})`; the caller owns them. */
export function pairInit(config: PairConfig, which: 0 | 1): Params {
  return initMlp(config.sizes, { seed: config.seeds[which], init: config.init });
}

function paramsFiles(config: PairConfig, dir?: string): [string, string] {
  const base = cachePath("gauge-pair", config, dir).replace(/\.json$/, "");
  return [`${base}-a.params.json`, `${base}-b.params.json`];
}

/**
 * Trains two MLPs apart (network A from `seeds[0]`, B from `seeds[1]`: init and batch order), or loads them:
 * results are cached by the config's hash in `data/cache/gauge-pair-<key>.json`, the params beside it as
 * JSON (`...-a.params.json`, `...-b.params.json`, via `saveParams`).
 *
 * @returns both trained networks (the caller owns them), the data and per-network summaries.
 * @throws on a bad config (as `train` and `initMlp` do).
 */
export async function trainPair(config: PairConfig, options: TrainPairOptions = {}): Promise<TrainedPair> {
  const data = pairData(config.data);
  const files = paramsFiles(config, options.dir);
  const compute = async (): Promise<[NetSummary, NetSummary]> => {
    const out: NetSummary[] = [];
    for (const which of [0, 1] as const) {
      const seed = config.seeds[which];
      const init = pairInit(config, which);
      const run = await train(init, data, {
        optimizer: config.optimizer,
        seed,
        epochs: config.epochs,
        batchSize: config.batchSize,
        evalEvery: 1e9,
        progress: options.progress?.(),
        label: `network ${"AB"[which]}`,
      });
      disposeParams(init);
      if (run.interrupted) {
        disposeParams(run.params);
        throw new Error(`trainPair: network ${"AB"[which]} was interrupted; nothing was cached`);
      }
      const last = run.evals[run.evals.length - 1]?.test;
      saveParams(run.params, files[which]);
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
  };
  const cacheOptions = { dir: options.dir, recompute: options.recompute };
  let summary = await cached("gauge-pair", config, compute, cacheOptions);
  if (!files.every((f) => fs.existsSync(f))) {
    summary = await cached("gauge-pair", config, compute, { ...cacheOptions, recompute: true });
  }
  return { config, a: loadParams(files[0]), b: loadParams(files[1]), data, summary };
}
