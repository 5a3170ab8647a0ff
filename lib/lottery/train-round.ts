import type { TrainCallbacks } from "../train/callbacks";
import { yieldToEventLoop } from "../train/interrupt";
import type { Mask } from "../train/mask";
import { disposeParams, type Params } from "../core/params";
import { train } from "../train/train";
import type { LotteryConfig, RunKind } from "./config";
import type { LotteryDataSets } from "./data";
import type { ExperimentProgress } from "./progress";
import { summarizeRound, type RoundResult } from "./round-result";

/** The training settings every run of an experiment shares. */
export type TrainSpec = Pick<LotteryConfig, "optimizer" | "batchSize" | "evalEvery">;

/** Raised when the stop button (SIGINT) or an AbortSignal ends an experiment; nothing partial is cached. */
export class LotteryInterrupted extends Error {
  constructor(where: string) {
    super(`lottery: interrupted during ${where}; partial results are discarded (nothing was cached)`);
    this.name = "LotteryInterrupted";
  }
}

/** How one run is trained: where it starts, how long, and what it reports. */
export interface RoundRunOptions {
  readonly round: number;
  readonly kind: RunKind;
  /** Seed of the data order. */
  readonly seed: number;
  readonly numSteps: number;
  /** The iteration the run starts from (the rewind step): the data order resumes there, and it is added to reported iterations. */
  readonly stepOffset: number;
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
 * @throws {@link LotteryInterrupted} (after freeing the trained params) when the run was interrupted.
 */
export async function trainRound(
  start: Params,
  mask: Mask,
  data: LotteryDataSets,
  spec: TrainSpec,
  options: RoundRunOptions,
): Promise<{ result: RoundResult; params: Params }> {
  await yieldToEventLoop(); // never register train's SIGINT listener inside a cell's synchronous part (see runImp)
  const res = await train(start, data, {
    optimizer: spec.optimizer,
    batchSize: spec.batchSize,
    evalEvery: spec.evalEvery,
    seed: options.seed,
    dataStartStep: options.stepOffset,
    numSteps: options.numSteps,
    mask,
    callbacks: options.callbacks,
    progress: options.progress?.stage(options.label, options.numSteps),
    signal: options.signal,
    handleSigint: options.handleSigint,
    label: options.label,
  });
  if (res.interrupted) {
    disposeParams(res.params);
    throw new LotteryInterrupted(options.label);
  }
  try {
    return {
      result: summarizeRound(res, mask, options.round, options.kind, options.stepOffset),
      params: res.params,
    };
  } catch (err) {
    disposeParams(res.params);
    throw err;
  }
}
