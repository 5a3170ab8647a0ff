import type { Architecture } from "../core/architecture";
import { initParams } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed } from "../core/rng";
import type { ExperimentProgress } from "../experiment/progress";
import { randomMaskLike } from "../prune/random";
import type { Mask } from "../train/mask";
import type { ControlKind, LotteryConfig } from "./config";
import type { LotteryDataSets } from "./data";
import type { RoundResult } from "./round-result";
import { trainRound } from "./train-round";

/** Where a control run starts: its params and mask. Call `dispose()` to free what the control created. */
export interface ControlStart {
  readonly kind: ControlKind;
  readonly params: Params;
  readonly mask: Mask;
  /** The iteration the run starts from: 0 for a re-initialisation, the rewind step for random pruning. */
  readonly rewindStep: number;
  dispose(): void;
}

/** What a control needs besides the ticket: the architecture, the seed and the round. */
export interface ControlOptions {
  readonly arch: Architecture;
  readonly init: LotteryConfig["init"];
  /** The run's seed; the control draws from `deriveSeed(seed, "<kind>/round<round>")`. */
  readonly seed: number;
  readonly round: number;
  readonly rewindStep: number;
}

function fits(mask: Mask, params: Params, kind: ControlKind): void {
  try {
    mask.assertFits(params);
  } catch (err) {
    throw new Error(`${kind} control: the ticket mask does not fit the network: ${(err as Error).message}`);
  }
}

/**
 * The start of a control for a ticket (Frankle & Carbin 2019):
 * - `"reinit"`: the ticket's mask on a fresh init of the same architecture (`initParams(arch, ...)`);
 * - `"randomPrune"`: a random mask with the ticket's per-layer kept counts (`randomMaskLike`) on the rewind
 *   point θ_k.
 *
 * @param mask the ticket's mask, `[in, out]` per kernel; borrowed (a reinit control uses it as is).
 * @param rewind the ticket's rewind point θ_k; borrowed (a random-pruning control starts from it).
 * @returns params and mask to train; `dispose()` frees only what the control created.
 * @throws when the mask does not fit the architecture (a mask from another network).
 */
export function controlStart(
  kind: ControlKind,
  mask: Mask,
  rewind: Params,
  options: ControlOptions,
): ControlStart {
  const seed = deriveSeed(options.seed, `${kind}/round${options.round}`);
  if (kind === "reinit") {
    const params = initParams(options.arch, { seed, init: options.init });
    try {
      fits(mask, params, kind);
    } catch (err) {
      disposeParams(params);
      throw err;
    }
    return { kind, params, mask, rewindStep: 0, dispose: () => disposeParams(params) };
  }
  if (kind === "randomPrune") {
    fits(mask, rewind, kind);
    const random = randomMaskLike(mask, seed);
    return {
      kind,
      params: rewind,
      mask: random,
      rewindStep: options.rewindStep,
      dispose: () => random.dispose(),
    };
  }
  throw new Error(`unknown control "${String(kind)}"; known: reinit, randomPrune`);
}

/** Options of {@link trainControls}. */
export interface TrainControlsOptions extends ControlOptions {
  /** Data-order seed (the ticket's, so only the init or the mask differs). */
  readonly dataSeed: number;
  readonly progress?: ExperimentProgress;
  readonly label?: string;
  readonly signal?: AbortSignal;
  readonly handleSigint?: boolean;
}

/**
 * Trains each control of a ticket for as long as the ticket trains (`numSteps − rewindStep`) and summarises it.
 *
 * @param mask, rewind the ticket's mask and rewind point; borrowed.
 * @returns one {@link RoundResult} per kind, in order; every tensor made here is freed.
 * @throws as {@link controlStart}, and `ExperimentInterrupted` when stopped.
 */
export async function trainControls(
  kinds: readonly ControlKind[],
  mask: Mask,
  rewind: Params,
  data: LotteryDataSets,
  config: Pick<LotteryConfig, "arch" | "optimizer" | "batchSize" | "evalEvery" | "numSteps">,
  options: TrainControlsOptions,
): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  for (const kind of kinds) {
    const start = controlStart(kind, mask, rewind, options);
    try {
      const run = await trainRound(start.params, start.mask, data, config, {
        round: options.round,
        kind,
        seed: options.dataSeed,
        numSteps: config.numSteps - start.rewindStep,
        rewindStep: start.rewindStep,
        progress: options.progress,
        label: `${options.label ? `${options.label} · ` : ""}round ${options.round} · ${kind}`,
        signal: options.signal,
        handleSigint: options.handleSigint,
      });
      disposeParams(run.params);
      results.push(run.result);
    } finally {
      start.dispose();
    }
  }
  return results;
}
