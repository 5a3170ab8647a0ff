import { deriveSeed } from "../core/rng";
import { type Experiment, runSeeds, type Seeded } from "../experiment/experiment";
import type { ExperimentOptions } from "../experiment/options";
import { lotteryData } from "../lottery/data";
import type { ArmResult } from "./arm-result";
import { impArm } from "./arm-imp";
import { narrowArms } from "./arms-narrow";
import { wideArms } from "./arms-wide";
import { planArms } from "./budget";
import { checkTicketConfig, type TicketConfig } from "./config";
import type { RunContext } from "./run-steps";

/** One repeat of the whole protocol, as plain JSON. */
export interface TicketRepeat {
  readonly seed: number;
  /** The budget, width × steps (unit-steps). */
  readonly budget: number;
  /** One result per arm, in `TICKET_ARMS` order. */
  readonly arms: readonly ArmResult[];
  /** The screenings' validation losses after k steps, and the picked init, at w (arm A) and 2w (arm B). */
  readonly screening: {
    readonly narrow: { readonly valLoss: readonly number[]; readonly picked: number };
    readonly wide: { readonly valLoss: readonly number[]; readonly picked: number };
  };
  /** Wall-clock seconds of the computation. */
  readonly seconds: number;
}

/** The init seeds of one repeat at width `which` (A and C use the narrow ones, B, D and E the wide ones). */
export function initSeeds(config: TicketConfig, seed: number, which: "narrow" | "wide"): number[] {
  return Array.from({ length: config.numInits }, (_, i) => deriveSeed(seed, `init/${which}/${i}`));
}

/**
 * The ticket-lottery protocol, one repeat per seed (its inits and its data order; every arm of a repeat sees
 * the same batches): arms A–E at one compute budget (see `planArms`). Bump the version when a fix changes
 * results.
 */
export const TICKET_LOTTERY: Experiment<Seeded<TicketConfig>, TicketRepeat> = {
  name: "ticket-lottery",
  version: 1,
  check: ({ config, seed }) => {
    checkTicketConfig(config);
    if (!Number.isSafeInteger(seed)) throw new Error(`ticket lottery: seed must be an integer; got ${seed}`);
  },
  steps: ({ config }) =>
    planArms(config).arms.reduce((n, arm) => n + arm.phases.reduce((m, p) => m + p.runs * p.steps, 0), 0) -
    2 * (config.numInits * config.screenSteps + config.wideSteps), // B's three arms share its screening
  async compute({ config, seed }, progress, options) {
    const start = performance.now();
    const { train, val, test } = lotteryData(config.data);
    const ctx: RunContext = {
      config,
      train,
      val,
      test,
      dataSeed: deriveSeed(seed, "data"),
      progress,
      options,
      label: `repeat ${seed}`,
    };
    const narrow = await narrowArms(ctx, initSeeds(config, seed, "narrow"));
    const wideSeeds = initSeeds(config, seed, "wide");
    const wide = await wideArms(ctx, wideSeeds, seed);
    const e = await impArm(ctx, wideSeeds[0]);
    const [a, c] = narrow.arms;
    const [bPrune, bFold, bDistill, d] = wide.arms;
    return {
      seed,
      budget: planArms(config).budget,
      arms: [a, bPrune, bFold, bDistill, c, d, e],
      screening: {
        narrow: { valLoss: narrow.valLoss, picked: narrow.picked },
        wide: { valLoss: wide.valLoss, picked: wide.picked },
      },
      seconds: (performance.now() - start) / 1000,
    };
  },
};

/**
 * Runs the protocol once per seed (each repeat cached on its own).
 *
 * @returns one {@link TicketRepeat} per seed; no tensors.
 * @throws before any work on a bad config (naming the field) or bad seeds; `ExperimentInterrupted` when stopped.
 */
export function runTicketLottery(
  config: TicketConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<TicketRepeat[]> {
  return runSeeds(TICKET_LOTTERY, config, seeds, options);
}
