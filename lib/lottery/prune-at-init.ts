import * as tf from "@tensorflow/tfjs";
import { type Architecture, prunableParams } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed } from "../core/rng";
import { type Experiment, runSeeds, runUnit, type Seeded } from "../experiment/experiment";
import { defaultWorkers } from "../experiment/pool";
import { registerExperiment } from "../experiment/registry";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { prune } from "../prune/registry";
import { BatchSampler } from "../train/batches";
import { Mask } from "../train/mask";
import { plannedSteps, type InitPruning } from "./config";
import { lotteryData, type LotteryDataSets } from "./data";
import { checkPruneAtInit, pruneAtInitSteps, type PruneAtInitConfig } from "./prune-at-init-config";
import type { RoundResult } from "./round-result";
import { LOTTERY, lotteryInit, type LotteryRun } from "./run";
import { summarizeKind, type KindSummary } from "./seeds";
import { trainRound } from "./train-round";

/** One seed of {@link runPruneAtInit}: each method's run at each round (by method, then round), plain JSON. */
export interface PruneAtInitRun {
  readonly seed: number;
  /** The seed's IMP run's dense round (round 0), which every method's curve starts from. */
  readonly dense: RoundResult;
  readonly results: readonly RoundResult[];
}

/** What {@link runPruneAtInit} returns, plain JSON. */
export interface PruneAtInitResult {
  readonly config: PruneAtInitConfig;
  readonly seeds: readonly number[];
  readonly runs: readonly PruneAtInitRun[];
  /** One summary per method, round 0 (the IMP experiment's dense run) first, ready for `lotterySeries`. */
  readonly kinds: readonly KindSummary[];
}

/**
 * A one-shot mask scored at `init`, global over every kernel, keeping exactly `Math.round(density × total)`
 * weights. SNIP scores one batch of `config.snipBatch` training examples drawn with `deriveSeed(seed, "snip")`;
 * SynFlow is data-free and iterates `config.synflowIterations` times.
 *
 * @param arch, init θ_0 and its architecture; untouched.
 * @returns a new mask; the caller owns (disposes) it.
 * @throws on a density outside (0, 1], or data whose widths do not fit `init`.
 */
export function pruneAtInitMask(
  method: InitPruning,
  arch: Architecture,
  init: Params,
  data: LotteryDataSets,
  density: number,
  config: Pick<PruneAtInitConfig, "snipBatch" | "synflowIterations">,
  seed: number,
): Mask {
  const dense = Mask.ones(init, prunableParams(arch));
  try {
    if (method === "synflow") {
      return prune(arch, init, dense, { kind: "synflow", density, iterations: config.synflowIterations });
    }
    const { X, y } = new BatchSampler(data.train, config.snipBatch, deriveSeed(seed, "snip")).next();
    try {
      return prune(arch, init, dense, { kind: "snip", X, y, density });
    } finally {
      tf.dispose([X, y]);
    }
  } finally {
    dense.dispose();
  }
}

async function computeSeed(
  { config, seed }: Seeded<PruneAtInitConfig>,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<PruneAtInitRun> {
  const imp: LotteryRun = await runUnit(LOTTERY, { config: config.lottery, seed }, progress, {
    ...options,
    recompute: false,
  });
  const data = lotteryData(config.lottery.data);
  const init = lotteryInit(config.lottery, seed);
  const results: RoundResult[] = [];
  try {
    for (const method of config.methods) {
      for (const round of config.rounds) {
        const density = imp.rounds[round].density;
        const mask = pruneAtInitMask(method, config.lottery.arch, init, data, density, config, seed);
        try {
          const run = await trainRound(init, mask, data, config.lottery, {
            round,
            kind: method,
            seed: deriveSeed(seed, "data"),
            numSteps: config.lottery.numSteps,
            rewindStep: 0,
            progress,
            label: `seed ${seed} · round ${round} · ${method}`,
            signal: options.signal,
            handleSigint: options.handleSigint,
          });
          disposeParams(run.params);
          results.push(run.result);
        } finally {
          mask.dispose();
        }
      }
    }
  } finally {
    disposeParams(init);
  }
  return { seed, dense: imp.rounds[0], results };
}

/**
 * One seed of pruning at initialisation against IMP (Frankle et al. 2021) as a unit `{ config, seed }`: for
 * each of `config.rounds`, prunes θ_0 in one shot (SNIP, SynFlow) to the overall density of that round's IMP
 * ticket, then trains it from θ_0 with the ticket's data order and schedule, so only the mask differs from the
 * ticket (for k = 0). Reuses (or computes and caches) the IMP run of `config.lottery`.
 */
export const PRUNE_AT_INIT: Experiment<Seeded<PruneAtInitConfig>, PruneAtInitRun> = registerExperiment({
  name: "lottery-prune-at-init",
  version: 3,
  check: ({ config }) => checkPruneAtInit(config),
  steps: ({ config }) => plannedSteps(config.lottery) + pruneAtInitSteps(config),
  compute: computeSeed,
});

/**
 * Runs {@link PRUNE_AT_INIT} for every seed with one progress bar and summarises each method over seeds. The
 * seeds run in `options.workers` worker threads (default `defaultWorkers()`; 0: in this process).
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config or empty `seeds` before any training, and `ExperimentInterrupted` when stopped
 *   (finished seeds stay cached).
 */
export async function runPruneAtInit(
  config: PruneAtInitConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<PruneAtInitResult> {
  const runs = await runSeeds(PRUNE_AT_INIT, config, seeds, { workers: defaultWorkers(), ...options });
  const kinds = config.methods.map((method) =>
    summarizeKind(
      method,
      runs.map((run) => [run.dense, ...run.results.filter((r) => r.kind === method)]),
      seeds,
    ),
  );
  return { config, seeds: [...seeds], runs, kinds };
}

/**
 * The run of `method` at IMP round `round` for the seed at `seedIndex` (default the first), e.g. for
 * `layerDensityTable`.
 *
 * @throws naming the rounds and methods the result has, when there is no such run.
 */
export function pruneAtInitRound(
  result: PruneAtInitResult,
  method: InitPruning,
  round: number,
  seedIndex = 0,
): RoundResult {
  const found = result.runs[seedIndex]?.results.find((r) => r.kind === method && r.round === round);
  if (!found) {
    throw new Error(
      `pruneAtInitRound: no ${method} run at round ${round} for seed index ${seedIndex}; ` +
        `the result has methods ${result.config.methods.join(", ")}, rounds ${result.config.rounds.join(", ")} ` +
        `and ${result.runs.length} seeds`,
    );
  }
  return found;
}
