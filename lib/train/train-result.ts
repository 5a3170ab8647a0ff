import type { Params } from "../core/params";
import type { EvalRecord } from "./callbacks";

/** What `train` returns. */
export interface TrainResult {
  /** The trained parameters; the caller owns (disposes) them. */
  readonly params: Params;
  /** Updates made (less than asked when interrupted or stopped early). */
  readonly numSteps: number;
  /** `numSteps / stepsPerEpoch`. */
  readonly epochs: number;
  /** True when the stop button (SIGINT) or the AbortSignal ended the run. */
  readonly interrupted: boolean;
  /** True when `patience` or a callback returning "stop" ended the run. */
  readonly stoppedEarly: boolean;
  /** `trainLoss[k]` is the loss of the batch that moved step k to k+1. */
  readonly trainLoss: Float32Array;
  /**
   * Evaluations at step 0, every `evalEvery` steps and at the end (empty without val/test data). With
   * `testWhen: "improved"`, `test` is present only on new val minima and on the last one.
   */
  readonly evals: readonly EvalRecord[];
  /** Early-stopping iteration: the step of minimum val loss (with val data). */
  readonly earlyStopStep?: number;
  /** The evaluation at {@link earlyStopStep}. */
  readonly best?: EvalRecord;
  readonly seconds: number;
  readonly stepsPerSecond: number;
}
