import { checkOptions } from "../core/check-options";
import {
  checkLotteryConfig,
  DEFAULT_LOTTERY,
  plannedSteps,
  quickLottery,
  type LotteryConfig,
} from "./config";

/** Which network is tested: the IMP ticket, a random mask of the same per-layer density, or the dense one. */
export type StabilityKind = "ticket" | "randomPrune" | "dense";

/** A linear-mode-connectivity experiment (Frankle et al. 2020), typed and hashable. */
export interface StabilityConfig {
  /** The IMP experiment whose ticket mask (at `round`) is tested; its run is cached and shared. */
  readonly lottery: LotteryConfig;
  readonly round: number;
  /** The steps k to branch from, each an integer in [0, numSteps). */
  readonly rewindSteps: readonly number[];
  readonly kinds: readonly StabilityKind[];
  /** Points on the segment between the two copies (both ends included), at least 2. */
  readonly numPoints: number;
}

/**
 * LeNet-300-100 at IMP round 15 (3.6% of the weights), branching at k ∈ {0, 25, 100, 500} (of 1,500 steps);
 * k = 0 and k = 100 reuse notebook 01's main and late-rewinding IMP runs.
 */
export const DEFAULT_STABILITY: StabilityConfig = {
  lottery: DEFAULT_LOTTERY,
  round: 15,
  rewindSteps: [0, 25, 100, 500],
  kinds: ["ticket", "randomPrune", "dense"],
  numPoints: 11,
};

/** `config` for quick mode: the quick lottery config, round ≤ its last, the two smallest k scaled alike, 5 points. */
export function quickStability(config: StabilityConfig): StabilityConfig {
  const lottery = quickLottery(config.lottery);
  const scale = lottery.numSteps / config.lottery.numSteps;
  const ks = config.rewindSteps.map((k) => Math.min(lottery.numSteps - 1, Math.round(k * scale)));
  return {
    ...config,
    lottery,
    round: Math.min(config.round, lottery.numRounds),
    rewindSteps: [...new Set(ks)].sort((a, b) => a - b).slice(0, 2),
    numPoints: Math.min(config.numPoints, 5),
  };
}

/** One branch point: the error along the segment between the two copies, and its barrier. */
export interface StabilityPoint {
  readonly kind: StabilityKind;
  readonly rewindStep: number;
  /** Fraction of kernel weights the network keeps (1 for the dense one). */
  readonly density: number;
  /** `max_t E((1−t)A + tB) − ((1−t)E(A) + tE(B))`, test error, in [0, 1]. */
  readonly barrier: number;
  /** The same barrier for the test loss (more sensitive than the error on a small test set). */
  readonly lossBarrier: number;
  readonly curve: {
    readonly t: readonly number[];
    readonly error: readonly number[];
    readonly loss: readonly number[];
  };
}

/** What {@link runStability} returns, plain JSON. */
export interface StabilityResult {
  readonly seed: number;
  /** Fraction of kernel weights the ticket keeps (at the first k). */
  readonly density: number;
  readonly points: readonly StabilityPoint[];
}

/** Checks the config before any work. @throws naming the bad field. */
export function checkStability(config: StabilityConfig): void {
  checkOptions(
    config,
    { lottery: "object", round: "number", rewindSteps: "array", kinds: "array", numPoints: "number" },
    "stability config",
  );
  checkLotteryConfig(config.lottery);
  const { numSteps, numRounds } = config.lottery;
  if (!(Number.isInteger(config.round) && config.round >= 0 && config.round <= numRounds)) {
    throw new Error(
      `stability: round must be an integer in [0, numRounds = ${numRounds}]; got ${config.round}`,
    );
  }
  for (const k of config.rewindSteps) {
    if (!(Number.isInteger(k) && k >= 0 && k < numSteps)) {
      throw new Error(
        `stability: rewind step ${k} is beyond the training length: it must be an integer in [0, numSteps = ${numSteps})`,
      );
    }
  }
  if (config.rewindSteps.length === 0) throw new Error("stability: rewindSteps is empty");
  if (!(Number.isInteger(config.numPoints) && config.numPoints >= 2)) {
    throw new Error(`stability: numPoints must be an integer ≥ 2; got ${config.numPoints}`);
  }
}

/**
 * The IMP experiment whose ticket mask the stability test uses at rewind step k (Frankle et al. 2020 take both the
 * mask and θ_k from IMP with rewinding to k): `lottery` itself at its own rewind step, so its cached run (controls
 * and all) is reused, else the same IMP rewinding to k without controls (notebook 01's late-rewinding run at
 * k = 100 is one).
 */
export function impAtRewind(lottery: LotteryConfig, k: number): LotteryConfig {
  return k === lottery.rewindStep ? lottery : { ...lottery, rewindStep: k, controls: [] };
}

/**
 * Steps {@link runStability} trains: the IMP run of every k (cached ones count, as the bar skips them), the dense
 * network to the largest k, and per kind two copies of `numSteps − k` for every k.
 */
export function stabilitySteps(config: StabilityConfig): number {
  const { numSteps } = config.lottery;
  const ks = config.rewindSteps;
  const imp = ks.reduce((n, k) => n + plannedSteps(impAtRewind(config.lottery, k)), 0);
  const copies = ks.reduce((n, k) => n + 2 * (numSteps - k), 0);
  return imp + Math.max(...ks) + config.kinds.length * copies;
}
