import type { InitKind } from "../core/init";
import type { OptimizerConfig } from "../optim/optimizer";
import { QUICK } from "../core/project";

/** The data a lottery experiment trains on; the split is part of the config, so it is hashed too. */
export type LotteryData =
  | {
      /** MNIST-10k: 8,000 train / 2,000 test (`loadMnist`), then `numVal` train examples held out for validation. */
      readonly kind: "mnist";
      readonly numVal: number;
      /** Seed of the train/test and train/val splits (not of the runs). */
      readonly seed: number;
    }
  | {
      /** A tiny 2-D spirals set (tests, sketches): `n` examples split into train / val / test. */
      readonly kind: "spirals";
      readonly n: number;
      readonly numClasses: number;
      readonly numVal: number;
      readonly numTest: number;
      readonly seed: number;
    };

/** How each IMP round prunes: one of the registered magnitude strategies, with its hashable options. */
export type LotteryPruning =
  | {
      /** Frankle & Carbin: per layer, `rate` of the remaining hidden weights, `outputRate` of the output layer's. */
      readonly strategy: "magnitude-layerwise";
      readonly rate: number;
      readonly outputRate: number;
      /** Kernels to prune (default all). */
      readonly layers?: readonly string[];
    }
  | {
      /** open_lth: one threshold across `layers` (default every kernel but the output layer's). */
      readonly strategy: "magnitude-global";
      readonly rate: number;
      readonly layers?: readonly string[];
    };

/** The controls trained on every ticket mask: a fresh init with the same mask, or a random mask. */
export type ControlKind = "reinit" | "randomPrune";

/** One-shot pruning at initialisation, compared with tickets: SNIP (Lee et al. 2019) or SynFlow (Tanaka et al. 2020). */
export type InitPruning = "snip" | "synflow";

/** What a run trained: the winning ticket, one of its controls, or a network pruned at initialisation. */
export type RunKind = "ticket" | ControlKind | InitPruning;

/** A lottery-ticket experiment, typed, readonly and hashable (its key names the cached results). */
export interface LotteryConfig {
  readonly data: LotteryData;
  /** Layer widths `[inDim, h0, ..., outDim]`, e.g. `[784, 300, 100, 10]` (LeNet-300-100). */
  readonly sizes: readonly number[];
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
 * round), Gaussian Glorot init, Adam 1.2e-3, batch 60; 15 rounds reach 3.5% of the hidden weights. Sized so a
 * 3-seed run with both controls takes about 20 minutes on wasm.
 */
export const DEFAULT_LOTTERY: LotteryConfig = {
  data: { kind: "mnist", numVal: 1000, seed: 0 },
  sizes: [784, 300, 100, 10],
  init: "glorotNormal",
  optimizer: { kind: "adam", lr: 1.2e-3 },
  batchSize: 60,
  numSteps: 1500,
  evalEvery: 100,
  numRounds: 15,
  pruning: { strategy: "magnitude-layerwise", rate: 0.2, outputRate: 0.1 },
  rewindStep: 0,
  controls: ["reinit", "randomPrune"],
  controlEvery: 2,
};

/** open_lth's LeNet-300-100 defaults: global magnitude pruning of 20% per round, output layer unpruned, SGD 0.1, batch 128. */
export const OPEN_LTH_LOTTERY: LotteryConfig = {
  ...DEFAULT_LOTTERY,
  optimizer: { kind: "sgd", lr: 0.1 },
  batchSize: 128,
  pruning: { strategy: "magnitude-global", rate: 0.2 },
};

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

/** `config` as is in full mode, {@link quickLottery}`(config)` in quick mode (`quick` defaults to `QUICK`). */
export function lotteryForMode(config: LotteryConfig, quick: boolean = QUICK): LotteryConfig {
  return quick ? quickLottery(config) : config;
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

/**
 * Checks a whole config before any work: its schedule ({@link checkSchedule}), `controlEvery` and the control
 * names. Rates and layer names are checked against the params by `runImp`.
 *
 * @throws naming the first bad field.
 */
export function checkLotteryConfig(config: LotteryConfig): void {
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
