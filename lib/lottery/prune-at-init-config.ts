import { checkOptions } from "../core/check-options";
import {
  checkLotteryConfig,
  DEFAULT_LOTTERY,
  quickLottery,
  type InitPruning,
  type LotteryConfig,
} from "./config";

/**
 * Pruning at initialisation against IMP (Frankle et al. 2021, "Pruning neural networks at initialization: why
 * are we missing the mark?"), typed and hashable: at the overall density of the IMP ticket at each of `rounds`,
 * one-shot masks are scored at θ_0 by each method and trained from θ_0 like the ticket.
 */
export interface PruneAtInitConfig {
  /** The IMP experiment whose ticket densities are matched (its cached run is reused); also the training setup. */
  readonly lottery: LotteryConfig;
  /** IMP rounds (1..numRounds) whose ticket density each method prunes to, in one shot. */
  readonly rounds: readonly number[];
  readonly methods: readonly InitPruning[];
  /** Training examples in SNIP's one scoring batch (Lee et al. 2019 use one mini-batch). */
  readonly snipBatch: number;
  /** SynFlow's score-and-prune iterations (Tanaka et al. 2020 use 100). */
  readonly synflowIterations: number;
}

/** LeNet-300-100 at IMP rounds 3, 6, 9, 12 and 15 (51% down to 3.6% of the weights), SNIP and SynFlow. */
export const DEFAULT_PRUNE_AT_INIT: PruneAtInitConfig = {
  lottery: DEFAULT_LOTTERY,
  rounds: [3, 6, 9, 12, 15],
  methods: ["snip", "synflow"],
  snipBatch: 100,
  synflowIterations: 100,
};

/** Quick-mode SynFlow iterations (each one re-scores and re-ranks every weight). */
export const QUICK_SYNFLOW_ITERATIONS = 20;

/**
 * `config` for quick mode: the quick lottery config, rounds scaled to its fewer rounds (duplicates dropped), at
 * most {@link QUICK_SYNFLOW_ITERATIONS} SynFlow iterations.
 */
export function quickPruneAtInit(config: PruneAtInitConfig): PruneAtInitConfig {
  const lottery = quickLottery(config.lottery);
  const scale = lottery.numRounds / config.lottery.numRounds;
  return {
    ...config,
    lottery,
    rounds: [...new Set(config.rounds.map((r) => Math.max(1, Math.round(r * scale))))],
    synflowIterations: Math.min(config.synflowIterations, QUICK_SYNFLOW_ITERATIONS),
  };
}

/** Checks the config before any work. @throws naming the bad field and the valid choices. */
export function checkPruneAtInit(config: PruneAtInitConfig): void {
  checkOptions(
    config,
    {
      lottery: "object",
      rounds: "array",
      methods: "array",
      snipBatch: "number",
      synflowIterations: "number",
    },
    "pruneAtInit config",
  );
  checkLotteryConfig(config.lottery);
  const { numRounds } = config.lottery;
  if (config.rounds.length === 0) throw new Error("pruneAtInit: rounds is empty");
  for (const round of config.rounds) {
    if (!(Number.isInteger(round) && round >= 1 && round <= numRounds)) {
      throw new Error(
        `pruneAtInit: round must be an integer in [1, numRounds = ${numRounds}] (round 0 is dense); got ${round}`,
      );
    }
  }
  if (config.methods.length === 0) throw new Error("pruneAtInit: methods is empty; use snip and/or synflow");
  for (const method of config.methods) {
    if (method !== "snip" && method !== "synflow") {
      throw new Error(`pruneAtInit: unknown method "${String(method)}"; known: snip, synflow`);
    }
  }
  for (const [what, value] of [
    ["snipBatch", config.snipBatch],
    ["synflowIterations", config.synflowIterations],
  ] as const) {
    if (!(Number.isInteger(value) && value > 0)) {
      throw new Error(`pruneAtInit: ${what} must be a positive integer; got ${value}`);
    }
  }
}

/** Steps the pruned-at-init runs train in all, per seed (for progress bars). */
export function pruneAtInitSteps(config: PruneAtInitConfig): number {
  return config.rounds.length * config.methods.length * config.lottery.numSteps;
}
