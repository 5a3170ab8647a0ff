import { meanStd } from "../core/stats";
import { runSeeds } from "../experiment/experiment";
import { defaultWorkers } from "../experiment/pool";
import type { ExperimentOptions } from "../experiment/options";
import type { LotteryConfig, RunKind } from "./config";
import { isCensored, type RoundResult } from "./round-result";
import { LOTTERY, type LotteryRun } from "./run";

/** The per-round numbers aggregated over seeds. */
export type LotteryMetric = "earlyStopTestAcc" | "finalTestAcc" | "earlyStopStep" | "bestValLoss";

/** The metrics every summary carries. */
export const LOTTERY_METRICS: readonly LotteryMetric[] = [
  "earlyStopTestAcc",
  "finalTestAcc",
  "earlyStopStep",
  "bestValLoss",
];

/** A metric over seeds: `values [numSeeds, numPoints]`, and its mean and sample std (n − 1) per point. */
export interface MetricStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly values: readonly (readonly number[])[];
}

/** One kind of run (ticket or control) over seeds, at the rounds it was trained (round 0 is the shared dense run). */
export interface KindSummary {
  readonly kind: RunKind;
  readonly rounds: readonly number[];
  /** Fraction of kernel weights remaining at each of those rounds (the same for every seed). */
  readonly density: readonly number[];
  readonly metrics: Readonly<Record<LotteryMetric, MetricStats>>;
  /** `[numSeeds, numPoints]`: whether that seed's early-stopping iteration is censored there ({@link isCensored}). */
  readonly censored: readonly (readonly boolean[])[];
}

/** A multi-seed lottery experiment: the config, every run, and the per-kind summaries. */
export interface LotterySeeds {
  readonly config: LotteryConfig;
  readonly seeds: readonly number[];
  readonly runs: readonly LotteryRun[];
  readonly kinds: readonly KindSummary[];
}

/** The results of `kind` in one run, round 0 (the dense ticket run) first. */
function kindResults(run: LotteryRun, kind: RunKind): RoundResult[] {
  if (kind === "ticket") return [...run.rounds];
  return [run.rounds[0], ...run.controls.filter((r) => r.kind === kind)];
}

/**
 * Aggregates one kind of run over seeds: per round, the mean and std of each metric.
 *
 * @param perSeed `perSeed[s]` lists seed `seeds[s]`'s results of `kind`, by round.
 * @throws when the seeds disagree on the rounds (different configs).
 */
export function summarizeKind(
  kind: RunKind,
  perSeed: readonly (readonly RoundResult[])[],
  seeds: readonly number[],
): KindSummary {
  const rounds = perSeed[0].map((r) => r.round);
  perSeed.forEach((rs, i) => {
    if (rs.map((r) => r.round).join() !== rounds.join()) {
      throw new Error(
        `summarizeSeeds: seed ${seeds[i]} has ${kind} rounds [${rs.map((r) => r.round)}], expected [${rounds}]`,
      );
    }
  });
  const metrics = {} as Record<LotteryMetric, MetricStats>;
  for (const metric of LOTTERY_METRICS) {
    const values = perSeed.map((rs) => rs.map((r) => r[metric]));
    metrics[metric] = { ...meanStd(values), values };
  }
  const censored = perSeed.map((rs) => rs.map(isCensored));
  return { kind, rounds, density: perSeed[0].map((r) => r.density), metrics, censored };
}

/**
 * Aggregates runs of the same config over seeds: per kind and round, the mean and std of each metric.
 *
 * @throws when there are no runs, or the runs disagree on the rounds (different configs).
 */
export function summarizeSeeds(runs: readonly LotteryRun[], kinds: readonly RunKind[]): KindSummary[] {
  if (runs.length === 0) throw new Error("summarizeSeeds: no runs to aggregate");
  const seeds = runs.map((run) => run.seed);
  return kinds.map((kind) =>
    summarizeKind(
      kind,
      runs.map((run) => kindResults(run, kind)),
      seeds,
    ),
  );
}

/**
 * Runs `config` for every seed (each cached on its own, so adding a seed only computes that seed) with one
 * progress bar over all rounds × runs × seeds, and aggregates mean and std per round. The seeds run in
 * `options.workers` worker threads (default `defaultWorkers()`, every core; 0 runs them in this process), with
 * the same results.
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config or empty `seeds`, and `ExperimentInterrupted` when stopped (finished seeds stay cached).
 */
export async function runLotterySeeds(
  config: LotteryConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<LotterySeeds> {
  const runs = await runSeeds(LOTTERY, config, seeds, { workers: defaultWorkers(), ...options });
  const kinds: RunKind[] = ["ticket", ...config.controls];
  return { config, seeds: [...seeds], runs, kinds: summarizeSeeds(runs, kinds) };
}
