import { type Architecture, mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { INIT_KINDS, type InitKind } from "../core/init-kernel";
import { didYouMean } from "../core/closest";
import type { Json } from "../core/json";
import type { DataSpec } from "../experiment/data-spec";
import type { OptimizerConfig } from "../optim/optimizer";
import type { PruningConfig } from "../prune/strategy";

/**
 * How each IMP round prunes: a registered pruning strategy that needs no data, with its hashable options, e.g.
 * `{ kind: "magnitude-layerwise", rate: 0.2, outputRate: 0.1 }` (Frankle & Carbin: per layer, 20% of the
 * remaining hidden weights and 10% of the output layer's) or `{ kind: "magnitude-global", rate: 0.2 }`
 * (open_lth: one threshold across every kernel but the output layer's).
 */
export interface LotteryPruning extends PruningConfig {
  readonly [option: string]: Json | undefined;
}

/** The controls trained on every ticket mask: a fresh init with the same mask, or a random mask. */
export type ControlKind = "reinit" | "randomPrune";

/** One-shot pruning at initialisation, compared with tickets: SNIP (Lee et al. 2019) or SynFlow (Tanaka et al. 2020). */
export type InitPruning = "snip" | "synflow";

/** What a run trained: the winning ticket, one of its controls, or a network pruned at initialisation. */
export type RunKind = "ticket" | ControlKind | InitPruning;

/** A lottery-ticket experiment, typed, readonly and hashable (its key names the cached results). */
export interface LotteryConfig {
  /** The data; it needs a validation set (`numVal > 0`) for the early-stopping iteration. */
  readonly data: DataSpec;
  /** The network, e.g. `mlp([784, 300, 100, 10])` (LeNet-300-100). */
  readonly arch: Architecture;
  readonly init: InitKind;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  /** Training length of every round, in steps (rounds after a rewind to step k train `numSteps − k`). */
  readonly numSteps: number;
  /** Evaluate val/test every this many steps (the resolution of the early-stopping iteration). */
  readonly evalEvery: number;
  /** Pruning rounds after the dense run (round 0). */
  readonly numRounds: number;
  readonly pruning: LotteryPruning;
  /** Rewind to the params after this many steps (0: the original init; > 0: late rewinding). */
  readonly rewindStep: number;
  /** Controls trained on the ticket masks. */
  readonly controls: readonly ControlKind[];
  /** Train the controls every this many rounds, always including the last round. */
  readonly controlEvery: number;
}

/**
 * Frankle & Carbin 2019, LeNet-300-100 on MNIST-10k: layerwise magnitude pruning (20% hidden, 10% output per
 * round), Gaussian Glorot init, Adam 1.2e-3, batch 60, evaluations every 50 steps; 15 rounds reach 3.5% of the
 * hidden weights.
 */
export const DEFAULT_LOTTERY: LotteryConfig = {
  data: { kind: "mnist", numVal: 1000, seed: 0 },
  arch: mlp([784, 300, 100, 10]),
  init: "glorotNormal",
  optimizer: { kind: "adam", lr: 1.2e-3 },
  batchSize: 60,
  numSteps: 1500,
  evalEvery: 50,
  numRounds: 15,
  pruning: { kind: "magnitude-layerwise", rate: 0.2, outputRate: 0.1 },
  rewindStep: 0,
  controls: ["reinit", "randomPrune"],
  controlEvery: 2,
};

/** open_lth's LeNet-300-100 defaults: global magnitude pruning of 20% per round, output layer unpruned, SGD 0.1, batch 128. */
export const OPEN_LTH_LOTTERY: LotteryConfig = {
  ...DEFAULT_LOTTERY,
  optimizer: { kind: "sgd", lr: 0.1 },
  batchSize: 128,
  pruning: { kind: "magnitude-global", rate: 0.2 },
};

/**
 * The same experiment on the full Fashion-MNIST (60,000 training images from Debian's package, 5,000 of them held
 * out for validation as Frankle & Carbin do on MNIST, and the official 10,000 test images): does the ticket's
 * advantage survive a harder, larger dataset? Ten rounds (10.7% of the hidden weights) to fit the notebook's budget.
 */
export const FASHION_LOTTERY: LotteryConfig = {
  ...DEFAULT_LOTTERY,
  data: { kind: "fashion-mnist", numVal: 5000, seed: 0 },
  numRounds: 10,
};

/**
 * `config` (Fashion-MNIST) shrunk for quick mode: {@link quickLottery}, and only the first 6,000 training and
 * 6,000 test images, 1,000 of the training ones for validation, so that its evaluations stay quick too.
 */
export function quickFashionLottery(config: LotteryConfig): LotteryConfig {
  return {
    ...quickLottery(config),
    data: { kind: "fashion-mnist", seed: config.data.seed, numVal: 1000, limit: 6000 },
  };
}

/** Quick-mode sizes: a few short rounds, controls every round. */
export const QUICK_LOTTERY = { numSteps: 150, evalEvery: 50, numRounds: 3, controlEvery: 1 } as const;

/**
 * `config` shrunk for quick mode (`GAUGELAB_QUICK=1`): at most 150 steps per round, 3 rounds, evaluations every
 * 50 steps, controls every round; a late rewind step is scaled by the same factor (at least 1).
 *
 * @returns a new config (the input is untouched).
 */
export function quickLottery(config: LotteryConfig): LotteryConfig {
  const numSteps = Math.min(config.numSteps, QUICK_LOTTERY.numSteps);
  const scaled = Math.round((config.rewindStep * numSteps) / config.numSteps);
  return {
    ...config,
    numSteps,
    evalEvery: Math.min(config.evalEvery, QUICK_LOTTERY.evalEvery),
    numRounds: Math.min(config.numRounds, QUICK_LOTTERY.numRounds),
    controlEvery: QUICK_LOTTERY.controlEvery,
    rewindStep: config.rewindStep > 0 ? Math.min(numSteps - 1, Math.max(1, scaled)) : 0,
  };
}

function positiveInt(value: number, what: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`lottery: ${what} must be a positive integer; got ${value}`);
  }
}

/** The counts of a config that fix its training schedule. */
export type LotterySchedule = Pick<
  LotteryConfig,
  "numSteps" | "evalEvery" | "batchSize" | "numRounds" | "rewindStep"
>;

/**
 * Checks a schedule before any work: positive step and batch counts, rounds ≥ 0, and a rewind step inside
 * the training length.
 *
 * @throws e.g. `lottery: rewindStep 2000 is beyond the training length: it must be an integer in [0, numSteps = 1500)`.
 */
export function checkSchedule(spec: LotterySchedule): void {
  positiveInt(spec.numSteps, "numSteps");
  positiveInt(spec.evalEvery, "evalEvery");
  positiveInt(spec.batchSize, "batchSize");
  if (!(Number.isInteger(spec.numRounds) && spec.numRounds >= 0)) {
    throw new Error(`lottery: numRounds must be an integer ≥ 0; got ${spec.numRounds}`);
  }
  const k = spec.rewindStep;
  if (!(Number.isInteger(k) && k >= 0 && k < spec.numSteps)) {
    throw new Error(
      `lottery: rewindStep ${k} is beyond the training length: it must be an integer in [0, numSteps = ${spec.numSteps})`,
    );
  }
}

/** The type of every field of {@link LotteryConfig}, for `checkOptions`. */
const LOTTERY_FIELDS = {
  data: "object",
  arch: "object",
  init: "string",
  optimizer: "object",
  batchSize: "number",
  numSteps: "number",
  evalEvery: "number",
  numRounds: "number",
  pruning: "object",
  rewindStep: "number",
  controls: "array",
  controlEvery: "number",
} as const;

/**
 * Checks a whole config's fields before any work: unknown or mistyped fields (naming the closest valid one),
 * its schedule ({@link checkSchedule}), `controlEvery` and the control names. The architecture, optimizer and
 * pruning strategy are checked by their registries when the run starts, before any training step.
 *
 * @throws naming the first bad field.
 */
export function checkLotteryConfig(config: LotteryConfig): void {
  checkOptions(config, LOTTERY_FIELDS, "lottery config");
  if (!(INIT_KINDS as readonly string[]).includes(config.init)) {
    throw new Error(
      `lottery config: unknown init ${JSON.stringify(config.init)}${didYouMean(String(config.init), INIT_KINDS)}; ` +
        `use one of ${INIT_KINDS.join(", ")}`,
    );
  }
  checkSchedule(config);
  positiveInt(config.controlEvery, "controlEvery");
  for (const kind of config.controls) {
    if (kind !== "reinit" && kind !== "randomPrune") {
      throw new Error(`lottery: unknown control "${String(kind)}"; known: reinit, randomPrune`);
    }
  }
}

/** Whether the controls are trained at `round` (never at round 0, the dense run they share with the ticket). */
export function isControlRound(config: LotteryConfig, round: number): boolean {
  return round > 0 && (config.numRounds - round) % config.controlEvery === 0;
}

/** Steps a run of `config` trains in all (ticket rounds and controls), for progress bars. */
export function plannedSteps(config: LotteryConfig): number {
  const k = config.rewindStep;
  let steps = config.numSteps + config.numRounds * (config.numSteps - k);
  for (let round = 1; round <= config.numRounds; round++) {
    if (!isControlRound(config, round)) continue;
    for (const kind of config.controls) steps += kind === "reinit" ? config.numSteps : config.numSteps - k;
  }
  return steps;
}
