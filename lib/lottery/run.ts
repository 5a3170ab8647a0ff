import * as fs from "fs";
import { cached, cachePath } from "../experiment/cache";
import { initMlp } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import type { ProgressSink } from "../train/progress";
import { deriveSeed } from "../core/rng";
import { checkLotteryConfig, isControlRound, plannedSteps, type LotteryConfig } from "./config";
import { trainControls } from "./controls";
import { lotteryData } from "./data";
import { runImp } from "./imp";
import type { EncodedMask } from "./mask-codec";
import { ExperimentProgress } from "./progress";
import type { RoundResult } from "./round-result";

/** One seed of a lottery experiment: the ticket's rounds, the controls, and the masks, as plain JSON. */
export interface LotteryRun {
  readonly seed: number;
  /** The ticket: one result per round, round 0 (the dense network) first. */
  readonly rounds: readonly RoundResult[];
  /** Every control run, in the order trained (by round, then kind). */
  readonly controls: readonly RoundResult[];
  /** The ticket's mask at each round, packed (see `decodeMask`). */
  readonly masks: readonly EncodedMask[];
  /** Wall-clock seconds of the computation (not of a cache hit). */
  readonly seconds: number;
}

/** Options shared by the cached experiment runners. */
export interface ExperimentOptions {
  /** Cache folder (default `data/cache`). */
  readonly cacheDir?: string;
  /** Recompute and overwrite cached results. */
  readonly recompute?: boolean;
  /** One progress bar for the whole experiment, e.g. `liveProgress()`. */
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Listen for SIGINT (Jupyter's stop button) (default true). */
  readonly handleSigint?: boolean;
}

/** The cache name of lottery runs; files are `<cacheDir>/lottery-<key>.json`. */
export const LOTTERY_CACHE = "lottery";

/** The cache key material of one seed of `config`. */
export function lotteryCacheConfig(
  config: LotteryConfig,
  seed: number,
): { config: LotteryConfig; seed: number } {
  return { config, seed };
}

/** Whether the run of `config` with `seed` is cached in `cacheDir` (default `data/cache`). */
export function isLotteryCached(config: LotteryConfig, seed: number, cacheDir?: string): boolean {
  return fs.existsSync(cachePath(LOTTERY_CACHE, lotteryCacheConfig(config, seed), cacheDir));
}

/**
 * θ_0 of a run: `initMlp(config.sizes, { seed: deriveSeed(seed, "init"), init: config.init })`.
 *
 * @returns fresh params; the caller owns (disposes) them.
 */
export function lotteryInit(config: LotteryConfig, seed: number): Params {
  return initMlp(config.sizes, { seed: deriveSeed(seed, "init"), init: config.init });
}

async function computeRun(
  config: LotteryConfig,
  seed: number,
  tracker: ExperimentProgress,
  options: ExperimentOptions,
): Promise<LotteryRun> {
  const started = performance.now();
  const data = lotteryData(config.data);
  const params = lotteryInit(config, seed);
  const dataSeed = deriveSeed(seed, "data");
  const controls: RoundResult[] = [];
  try {
    const imp = await runImp(params, data, config, {
      seed: dataSeed,
      progress: tracker,
      label: `seed ${seed}`,
      signal: options.signal,
      handleSigint: options.handleSigint,
      callbacks: {
        onRound: async ({ round, mask, rewind }) => {
          if (!isControlRound(config, round) || config.controls.length === 0) return;
          const results = await trainControls(config.controls, mask, rewind, data, config, {
            sizes: config.sizes,
            init: config.init,
            seed,
            round,
            rewindStep: config.rewindStep,
            dataSeed,
            progress: tracker,
            label: `seed ${seed}`,
            signal: options.signal,
            handleSigint: options.handleSigint,
          });
          controls.push(...results);
        },
      },
    });
    return { seed, ...imp, controls, seconds: (performance.now() - started) / 1000 };
  } finally {
    disposeParams(params);
  }
}

/**
 * One seed of a lottery experiment through a shared progress bar: cached by the hash of `{config, seed}`,
 * computed (IMP with its controls) on a miss. Used by {@link runLottery} and the multi-seed runner.
 */
export async function runLotteryTracked(
  config: LotteryConfig,
  seed: number,
  tracker: ExperimentProgress,
  options: ExperimentOptions = {},
): Promise<LotteryRun> {
  checkLotteryConfig(config);
  let computed = false;
  const run = await cached(
    LOTTERY_CACHE,
    lotteryCacheConfig(config, seed),
    () => {
      computed = true;
      return computeRun(config, seed, tracker, options);
    },
    { dir: options.cacheDir, recompute: options.recompute },
  );
  if (!computed) tracker.skip(plannedSteps(config), `seed ${seed} · cached`);
  return run;
}

/**
 * One seed of a lottery experiment: IMP on `config` (init from `deriveSeed(seed, "init")`, data order from
 * `deriveSeed(seed, "data")`) with its controls, cached by config hash so a notebook re-opens instantly.
 * An interrupted run throws `LotteryInterrupted` and caches nothing.
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config (before any training) and when interrupted.
 */
export async function runLottery(
  config: LotteryConfig,
  seed: number,
  options: ExperimentOptions = {},
): Promise<LotteryRun> {
  const tracker = new ExperimentProgress(options.progress, plannedSteps(config));
  const run = await runLotteryTracked(config, seed, tracker, options);
  tracker.finish();
  return run;
}
