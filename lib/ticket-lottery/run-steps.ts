import type { Architecture } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import type { Dataset } from "../data/dataset";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import type { DistillOptions } from "../train/distill";
import type { Mask } from "../train/mask";
import type { TrainResult } from "../train/train-result";
import type { TicketConfig } from "./config";

/** Test accuracy and loss against compute spent (unit-steps, width × steps), sampled at evaluations. */
export interface ComputeCurve {
  readonly compute: number[];
  readonly testAcc: number[];
  readonly testLoss: number[];
}

/** An empty {@link ComputeCurve}. */
export function emptyCurve(): ComputeCurve {
  return { compute: [], testAcc: [], testLoss: [] };
}

/** Appends `run`'s test evaluations to `curve`, at `offset + step · cost` (skipping its step-0 point when asked). */
export function extendCurve(
  curve: ComputeCurve,
  run: TrainResult,
  offset: number,
  cost: number,
  skipStart = false,
): void {
  for (const e of run.evals) {
    if (!e.test || (skipStart && e.step === 0)) continue;
    curve.compute.push(offset + e.step * cost);
    curve.testAcc.push(e.test.accuracy ?? NaN);
    curve.testLoss.push(e.test.loss);
  }
}

/** What every run of one protocol repeat shares: the data, the data-order seed, progress and options. */
export interface RunContext {
  readonly config: TicketConfig;
  readonly train: Dataset;
  readonly val: Dataset;
  readonly test: Dataset;
  /** Seed of the batch order, the same for every run of the repeat. */
  readonly dataSeed: number;
  readonly progress: ExperimentProgress;
  readonly options: ExperimentOptions;
  /** Prefix of progress labels, e.g. `repeat 2`. */
  readonly label: string;
}

/** How one run trains. */
export interface StepsSpec {
  readonly numSteps: number;
  /** The step the batch order resumes from (a run that continues another passes its step count). */
  readonly rewindStep: number;
  readonly evalEvery: number;
  /** Evaluate on the validation set (for screening) instead of the test set. */
  readonly onVal?: boolean;
  readonly distill?: DistillOptions;
  readonly mask?: Mask;
  readonly label: string;
}

/**
 * One plain `train` run of a protocol arm (a population trainer would replace the screening's loop of these):
 * the config's optimizer and batch size, the repeat's data order.
 *
 * @param start not disposed. @returns the run; the caller owns its params.
 */
export function trainSteps(
  ctx: RunContext,
  arch: Architecture,
  start: Params,
  spec: StepsSpec,
): Promise<TrainResult> {
  const label = `${ctx.label} · ${spec.label}`;
  return trainUnit(
    arch,
    start,
    spec.onVal ? { train: ctx.train, val: ctx.val } : { train: ctx.train, test: ctx.test },
    {
      optimizer: ctx.config.optimizer,
      batchSize: ctx.config.batchSize,
      seed: ctx.dataSeed,
      rewindStep: spec.rewindStep,
      numSteps: spec.numSteps,
      evalEvery: Math.max(1, Math.min(spec.evalEvery, spec.numSteps)),
      distill: spec.distill,
      mask: spec.mask,
      progress: ctx.progress.stage(label, spec.numSteps),
      signal: ctx.options.signal,
      handleSigint: ctx.options.handleSigint,
      label,
    },
  );
}

/** The final test evaluation of a run. @throws when it made none. */
export function finalTest(run: TrainResult): { acc: number; loss: number } {
  const last = run.evals[run.evals.length - 1]?.test;
  if (!last) throw new Error("ticket lottery: a run ended without a test evaluation");
  return { acc: last.accuracy ?? NaN, loss: last.loss };
}

/** Disposes `run`'s params and returns `value`. */
export function freeRun<T>(run: TrainResult, value: T): T {
  disposeParams(run.params);
  return value;
}
