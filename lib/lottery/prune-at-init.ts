import * as tf from "@tensorflow/tfjs";
import { cached } from "../experiment/cache";
import { BatchSampler } from "../train/batches";
import { Mask } from "../train/mask";
import { disposeParams, type Params } from "../core/params";
import { snip } from "../prune/snip";
import { prunableLayers } from "../prune/strategy";
import { synflow } from "../prune/synflow";
import { deriveSeed } from "../core/rng";
import { plannedSteps, type InitPruning } from "./config";
import { lotteryData, type LotteryDataSets } from "./data";
import { checkPruneAtInit, pruneAtInitSteps, type PruneAtInitConfig } from "./prune-at-init-config";
import { ExperimentProgress } from "./progress";
import type { RoundResult } from "./round-result";
import { lotteryInit, runLotteryTracked, type ExperimentOptions, type LotteryRun } from "./run";
import { summarizeKind, type KindSummary } from "./seeds";
import { trainRound } from "./train-round";

/** One seed of {@link runPruneAtInit}: each method's run at each round (by method, then round), plain JSON. */
export interface PruneAtInitRun {
  readonly seed: number;
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
 * @param init θ_0, `dense{l}/kernel [in, out]` and biases; untouched.
 * @returns a new mask; the caller owns (disposes) it.
 * @throws on a density outside (0, 1], or data whose widths do not fit `init`.
 */
export function pruneAtInitMask(
  method: InitPruning,
  init: Params,
  data: LotteryDataSets,
  density: number,
  config: Pick<PruneAtInitConfig, "snipBatch" | "synflowIterations">,
  seed: number,
): Mask {
  const dense = Mask.ones(init, prunableLayers(init));
  try {
    if (method === "synflow") return synflow(init, dense, { density, iterations: config.synflowIterations });
    const { X, y } = new BatchSampler(data.train, config.snipBatch, deriveSeed(seed, "snip")).next();
    try {
      return snip(init, dense, { X, y, density });
    } finally {
      tf.dispose([X, y]);
    }
  } finally {
    dense.dispose();
  }
}

async function computeSeed(
  config: PruneAtInitConfig,
  seed: number,
  imp: LotteryRun,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<PruneAtInitRun> {
  const data = lotteryData(config.lottery.data);
  const init = lotteryInit(config.lottery, seed);
  const results: RoundResult[] = [];
  try {
    for (const method of config.methods) {
      for (const round of config.rounds) {
        const mask = pruneAtInitMask(method, init, data, imp.rounds[round].density, config, seed);
        try {
          const run = await trainRound(init, mask, data, config.lottery, {
            round,
            kind: method,
            seed: deriveSeed(seed, "data"),
            numSteps: config.lottery.numSteps,
            stepOffset: 0,
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
  return { seed, results };
}

/**
 * Pruning at initialisation against IMP (Frankle et al. 2021): for each seed and each of `config.rounds`,
 * prunes θ_0 in one shot (SNIP, SynFlow) to the overall density of that round's IMP ticket, then trains it from
 * θ_0 with the ticket's data order and schedule, so only the mask differs from the ticket (for k = 0).
 * Reuses (or computes and caches) the IMP run of `config.lottery`; each seed is cached by config hash.
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config or empty `seeds` before any training, and `LotteryInterrupted` when stopped
 *   (finished seeds stay cached).
 */
export async function runPruneAtInit(
  config: PruneAtInitConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<PruneAtInitResult> {
  checkPruneAtInit(config);
  if (seeds.length === 0) throw new Error("runPruneAtInit: seeds is empty");
  const [impSteps, ownSteps] = [plannedSteps(config.lottery), pruneAtInitSteps(config)];
  const progress = new ExperimentProgress(options.progress, seeds.length * (impSteps + ownSteps));
  const imps: LotteryRun[] = [];
  const runs: PruneAtInitRun[] = [];
  for (const seed of seeds) {
    const imp = await runLotteryTracked(config.lottery, seed, progress, { ...options, recompute: false });
    let computed = false;
    const run = await cached(
      "lottery-prune-at-init",
      { config, seed },
      () => {
        computed = true;
        return computeSeed(config, seed, imp, progress, options);
      },
      { dir: options.cacheDir, recompute: options.recompute },
    );
    if (!computed) progress.skip(ownSteps, `seed ${seed} · cached`);
    imps.push(imp);
    runs.push(run);
  }
  progress.finish();
  const kinds = config.methods.map((method) =>
    summarizeKind(
      method,
      runs.map((run, s) => [imps[s].rounds[0], ...run.results.filter((r) => r.kind === method)]),
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
