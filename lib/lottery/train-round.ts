import { disposeParams, type Params } from "../core/params";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentProgress } from "../experiment/progress";
import type { TrainCallbacks } from "../train/callbacks";
import type { Mask } from "../train/mask";
import type { LotteryConfig, RunKind } from "./config";
import type { LotteryDataSets } from "./data";
import { summarizeRound, type RoundResult } from "./round-result";

/** The training settings every run of an experiment shares. */
export type TrainSpec = Pick<LotteryConfig, "arch" | "optimizer" | "batchSize" | "evalEvery">;

/** How one run is trained: where it starts, how long, and what it reports. */
export interface RoundRunOptions {
  readonly round: number;
  readonly kind: RunKind;
  /** Seed of the data order. */
  readonly seed: number;
  readonly numSteps: number;
  /** The step the run resumes from: the data order resumes there, and it is added to reported iterations. */
  readonly rewindStep: number;
  readonly progress?: ExperimentProgress;
  readonly label: string;
  readonly callbacks?: readonly TrainCallbacks[];
  readonly signal?: AbortSignal;
  readonly handleSigint?: boolean;
}

/**
 * Trains one run of an IMP round (ticket or control) from `start` with `mask` and summarises it.
 *
 * @param start params to start from (masked entries are zeroed by the loop); not disposed.
 * @param mask kept exactly zero through training; not disposed.
 * @returns the summary and the trained params, which the caller owns (disposes).
 * @throws `ExperimentInterrupted` (after freeing the trained params) when the run was interrupted.
 */
export async function trainRound(
  start: Params,
  mask: Mask,
  data: LotteryDataSets,
  spec: TrainSpec,
  options: RoundRunOptions,
): Promise<{ result: RoundResult; params: Params }> {
  const res = await trainUnit(spec.arch, start, data, {
    optimizer: spec.optimizer,
    batchSize: spec.batchSize,
    evalEvery: spec.evalEvery,
    seed: options.seed,
    rewindStep: options.rewindStep,
    numSteps: options.numSteps,
    mask,
    callbacks: options.callbacks,
    progress: options.progress?.stage(options.label, options.numSteps),
    signal: options.signal,
    handleSigint: options.handleSigint,
    label: options.label,
  });
  try {
    return {
      result: summarizeRound(res, mask, options.round, options.kind, options.rewindStep),
      params: res.params,
    };
  } catch (err) {
    disposeParams(res.params);
    throw err;
  }
}
