import { disposeParams, type Params } from "../core/params";
import { ExperimentInterrupted, trainUnit } from "../experiment/interrupted";
import type { ExperimentProgress } from "../experiment/progress";
import type { TrainCallbacks } from "../train/callbacks";
import { yieldToEventLoop } from "../train/interrupt";
import { trainPopulation } from "../train/population";
import type { ProgressSink } from "../train/progress";
import type { Mask } from "../train/mask";
import type { TestWhen } from "../train/train-options";
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
  /**
   * When the run evaluates the test set (default `"improved"`: only where the val loss reaches a new minimum and
   * at the end, all a {@link RoundResult} reads; `"always"` for callers that want every evaluation's test).
   */
  readonly testWhen?: TestWhen;
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
    testWhen: options.testWhen ?? "improved",
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

/** One member of a round trained as a population: where it starts, its mask and its kind. All borrowed. */
export interface RoundMember {
  readonly kind: RunKind;
  readonly params: Params;
  readonly mask: Mask;
}

/**
 * Trains runs of an IMP round that share the data order and length (the ticket and the controls that start
 * from the same step) as one population (`trainPopulation`): each result is what {@link trainRound} gives that
 * run alone, bit for bit. Progress shows one stage of `members.length × numSteps` steps.
 *
 * @param members the runs; borrowed. `options.kind` and `options.callbacks` are ignored (each member has its
 *   kind; a population takes no callbacks).
 * @returns one summary and trained params per member, in order; the caller owns the params.
 * @throws `ExperimentInterrupted` (after freeing every member's params) when the run was interrupted.
 */
export async function trainRoundPopulation(
  members: readonly RoundMember[],
  data: LotteryDataSets,
  spec: TrainSpec,
  options: Omit<RoundRunOptions, "kind" | "callbacks">,
): Promise<{ result: RoundResult; params: Params }[]> {
  const K = members.length;
  const stage = options.progress?.stage(options.label, options.numSteps * K);
  const progress: ProgressSink | undefined = stage && {
    update: (info) => stage.update({ ...info, step: info.step * K, total: info.total * K }),
    done: (info) => stage.done(info),
  };
  await yieldToEventLoop();
  const runs = await trainPopulation(
    spec.arch,
    members.map((m) => m.params),
    data,
    {
      optimizer: spec.optimizer,
      batchSize: spec.batchSize,
      evalEvery: spec.evalEvery,
      seed: options.seed,
      rewindStep: options.rewindStep,
      numSteps: options.numSteps,
      masks: members.map((m) => m.mask),
      progress,
      signal: options.signal,
      handleSigint: options.handleSigint,
      testWhen: options.testWhen ?? "improved",
      label: options.label,
    },
  );
  try {
    if (runs.some((run) => run.interrupted)) throw new ExperimentInterrupted(options.label);
    return runs.map((run, k) => ({
      result: summarizeRound(run, members[k].mask, options.round, members[k].kind, options.rewindStep),
      params: run.params,
    }));
  } catch (err) {
    runs.forEach((run) => disposeParams(run.params));
    throw err;
  }
}
