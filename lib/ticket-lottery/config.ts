import { type Architecture, mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import type { InitKind } from "../core/init-kernel";
import type { DataSpec } from "../experiment/data-spec";
import type { OptimizerConfig } from "../optim/optimizer";
import { DEFAULT_DISTILL, type DistillWeights } from "../train/distill";

/**
 * The ticket lottery, as hashable config: throw twice the neurons (2w) at the problem, try `numInits`
 * inits, pick the best after `screenSteps`, reduce to width w, train on; against the same at width w and
 * single inits, all at one compute budget `width × numSteps` (w·numSteps).
 */
export interface TicketConfig {
  /** The data; a validation set (`numVal > 0`) scores the inits and drives IMP's early stopping. */
  readonly data: DataSpec;
  /** The target network `[inDim, width, outDim]`; the wide one is `[inDim, 2·width, outDim]`. */
  readonly sizes: readonly [number, number, number];
  readonly init: InitKind;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  /** Steps of one width-w run: the budget is `width × numSteps` unit-steps for every arm. */
  readonly numSteps: number;
  /** Evaluate the test set every this many width-w steps (a width-2w run every half as many). */
  readonly evalEvery: number;
  /** N, the inits tried per arm (≥ 2). */
  readonly numInits: number;
  /** k, the steps each init trains before the pick (its val loss then is the score). */
  readonly screenSteps: number;
  /** Steps the picked 2w net trains on before it is reduced (0: reduce right after the pick). */
  readonly wideSteps: number;
  /** Inputs from the training set used by the fold's variance repair. */
  readonly repairExamples: number;
  /** The distillation arm's loss weights (Hinton et al.: α = 0.9, T = 4). */
  readonly distill: DistillWeights;
  /** Arm E: IMP rounds on the 2w net (global magnitude, to half its kernel weights) and its rewind step. */
  readonly imp: { readonly numRounds: number; readonly rewindStep: number };
}

/** 784-64-10 on MNIST-10k; 8 inits screened for 25 steps; a budget of 64 × 2,000 unit-steps. */
export const DEFAULT_TICKET: TicketConfig = {
  data: { kind: "mnist", seed: 0, numVal: 1000 },
  sizes: [784, 64, 10],
  init: "glorotNormal",
  optimizer: { kind: "adam", lr: 1e-3 },
  batchSize: 60,
  numSteps: 2000,
  evalEvery: 100,
  numInits: 8,
  screenSteps: 25,
  wideSteps: 300,
  repairExamples: 1000,
  distill: DEFAULT_DISTILL,
  imp: { numRounds: 2, rewindStep: 50 },
};

/** Quick mode: short runs, 3 inits, one IMP round. */
export const QUICK_TICKET: TicketConfig = {
  ...DEFAULT_TICKET,
  numSteps: 160,
  evalEvery: 40,
  numInits: 3,
  screenSteps: 8,
  wideSteps: 20,
  repairExamples: 300,
  imp: { numRounds: 1, rewindStep: 8 },
};

/** The width-w and width-2w architectures of a config. */
export function ticketArchs(config: TicketConfig): { narrow: Architecture; wide: Architecture } {
  const [inDim, w, outDim] = config.sizes;
  return { narrow: mlp([inDim, w, outDim]), wide: mlp([inDim, 2 * w, outDim]) };
}

function positiveInt(value: number, what: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`ticket lottery: ${what} must be a positive integer; got ${value}`);
  }
}

const FIELDS = {
  data: "object",
  sizes: "array",
  init: "string",
  optimizer: "object",
  batchSize: "number",
  numSteps: "number",
  evalEvery: "number",
  numInits: "number",
  screenSteps: "number",
  wideSteps: "number",
  repairExamples: "number",
  distill: "object",
  imp: "object",
} as const;

/**
 * Checks a config before any work: known fields of the right types, positive counts, N ≥ 2, and a screening
 * (plus the wide net's extra steps) that leaves budget for training on.
 *
 * @throws naming the field, e.g. `ticket lottery: numInits must be an integer ≥ 2 (one init has nothing to pick
 *   from); got 1`, or `ticket lottery: screenSteps 300 is beyond the budget: ...`.
 */
export function checkTicketConfig(config: TicketConfig): void {
  checkOptions(config, FIELDS, "ticket lottery config");
  checkOptions(config.imp, { numRounds: "number", rewindStep: "number" }, "ticket lottery config: imp");
  checkOptions(config.distill, { alpha: "number", temperature: "number" }, "ticket lottery config: distill");
  if (config.sizes.length !== 3 || !config.sizes.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(
      `ticket lottery: sizes must be [inDim, width, outDim], positive integers; got [${config.sizes}]`,
    );
  }
  for (const key of ["batchSize", "numSteps", "evalEvery", "screenSteps", "repairExamples"] as const) {
    positiveInt(config[key], key);
  }
  if (!(Number.isInteger(config.numInits) && config.numInits >= 2)) {
    throw new Error(
      `ticket lottery: numInits must be an integer ≥ 2 (one init has nothing to pick from); got ${config.numInits}`,
    );
  }
  if (!(Number.isInteger(config.wideSteps) && config.wideSteps >= 0)) {
    throw new Error(`ticket lottery: wideSteps must be an integer ≥ 0; got ${config.wideSteps}`);
  }
  positiveInt(config.imp.numRounds, "imp.numRounds");
  const spent = 2 * config.numInits * config.screenSteps + 2 * config.wideSteps;
  if (spent >= config.numSteps) {
    throw new Error(
      `ticket lottery: screenSteps ${config.screenSteps} is beyond the budget: screening ${config.numInits} ` +
        `inits at width 2w for ${config.screenSteps} steps and training on ${config.wideSteps} (wideSteps) ` +
        `costs ${spent} width-w steps of numSteps = ${config.numSteps}; lower screenSteps, numInits or wideSteps`,
    );
  }
  if (!(
    Number.isInteger(config.imp.rewindStep) &&
    config.imp.rewindStep >= 0 &&
    config.imp.rewindStep < config.numSteps / (2 * (config.imp.numRounds + 1))
  )) {
    throw new Error(
      `ticket lottery: imp.rewindStep must be an integer in [0, ${Math.ceil(config.numSteps / (2 * (config.imp.numRounds + 1)))}) ` +
        `so that every IMP round trains within the budget; got ${config.imp.rewindStep}`,
    );
  }
}
