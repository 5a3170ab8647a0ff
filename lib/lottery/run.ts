import { initParams } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed } from "../core/rng";
import { type Experiment, runExperiment, type Seeded } from "../experiment/experiment";
import type { ExperimentOptions } from "../experiment/options";
import { registerExperiment } from "../experiment/registry";
import type { ExperimentProgress } from "../experiment/progress";
import { checkLotteryConfig, isControlRound, plannedSteps, type LotteryConfig } from "./config";
import { type ControlStart, controlStart } from "./controls";
import { lotteryData } from "./data";
import { runImp } from "./imp";
import type { EncodedMask } from "./mask-codec";
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

/**
 * θ_0 of a run: `initParams(config.arch, { seed: deriveSeed(seed, "init"), init: config.init })`.
 *
 * @returns fresh params; the caller owns (disposes) them.
 */
export function lotteryInit(config: LotteryConfig, seed: number): Params {
  return initParams(config.arch, { seed: deriveSeed(seed, "init"), init: config.init });
}

async function computeRun(
  { config, seed }: Seeded<LotteryConfig>,
  tracker: ExperimentProgress,
  options: ExperimentOptions,
): Promise<LotteryRun> {
  const started = performance.now();
  const data = lotteryData(config.data);
  const params = lotteryInit(config, seed);
  const dataSeed = deriveSeed(seed, "data");
  const controls: RoundResult[] = [];
  const stopping = { signal: options.signal, handleSigint: options.handleSigint };
  try {
    const imp = await runImp(params, data, config, {
      seed: dataSeed,
      progress: tracker,
      label: `seed ${seed}`,
      ...stopping,
      callbacks: {
        // The controls start from the round's mask and θ_k and see the ticket's data order, so those that
        // resume at the ticket's step train with it as one population (the same numbers as alone).
        companions: ({ round, mask, rewind }) => {
          if (!isControlRound(config, round)) return [];
          const where = { arch: config.arch, init: config.init, seed, round, rewindStep: config.rewindStep };
          const starts: ControlStart[] = [];
          try {
            for (const kind of config.controls) starts.push(controlStart(kind, mask, rewind, where));
          } catch (err) {
            starts.forEach((c) => c.dispose());
            throw err;
          }
          return starts;
        },
        onRound: ({ companions }) => {
          controls.push(...companions);
        },
      },
    });
    return { seed, ...imp, controls, seconds: (performance.now() - started) / 1000 };
  } finally {
    disposeParams(params);
  }
}

/**
 * One seed of a lottery experiment as a unit `{ config, seed }`: IMP on `config` (init from
 * `deriveSeed(seed, "init")`, data order from `deriveSeed(seed, "data")`) with its controls. Cached by the
 * unit's hash and this version under `data/cache/lottery-<key>.json`. Registered, so pool workers can run it.
 */
export const LOTTERY: Experiment<Seeded<LotteryConfig>, LotteryRun> = registerExperiment({
  name: "lottery",
  version: 3,
  check: ({ config }) => checkLotteryConfig(config),
  steps: ({ config }) => plannedSteps(config),
  compute: computeRun,
});

/**
 * One seed of a lottery experiment (see {@link LOTTERY}), cached so a notebook re-opens instantly. An
 * interrupted run throws `ExperimentInterrupted` and caches nothing.
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config (before any training) and when interrupted.
 */
export function runLottery(
  config: LotteryConfig,
  seed: number,
  options: ExperimentOptions = {},
): Promise<LotteryRun> {
  return runExperiment(LOTTERY, { config, seed }, options);
}
