import { processSingleton } from "../kernel/jupyter-output";
import { disposeParams } from "../core/params";
import type { TrainResult } from "./train-result";

/**
 * The kernel-wide slot for the last training run that Jupyter's stop button ended. In a tslab kernel the stop
 * button (SIGINT) fails the running cell at once, while {@link train} stops only at the next step boundary,
 * so the cell can no longer receive the result: train parks it here and {@link takeInterrupted} hands it out.
 * One slot per process, shared by every copy of this module (tslab may load a lib file twice).
 */
const slot = processSingleton<{ result?: TrainResult }>("gaugelab.nn.interruptedRun", () => ({}));

/**
 * Parks `result` for {@link takeInterrupted}, replacing (and disposing the params of) an earlier run that was
 * never taken.
 *
 * @param result a run that SIGINT ended; the slot takes ownership of its params.
 * @returns the error for `train` to throw, which says where the result went.
 */
export function parkInterrupted(result: TrainResult): Error {
  if (slot.result) disposeParams(slot.result.params);
  slot.result = result;
  return new Error(
    `train: stopped by the stop button (SIGINT) after ${result.numSteps} steps; tslab has already failed ` +
      "the cell, so the result is kept: get it with g.takeInterrupted()",
  );
}

/**
 * Takes the result of the last training run that Jupyter's stop button ended, e.g. in the next cell:
 * `const r = g.takeInterrupted();` (then `r.interrupted` is true and `r.params` hold the weights trained so far).
 *
 * @returns that run's {@link TrainResult}; the caller now owns (disposes) its params, and the slot is empty.
 * @throws when no run was parked since the last call.
 */
export function takeInterrupted(): TrainResult {
  const { result } = slot;
  if (!result) {
    throw new Error(
      "no training run was interrupted since the last takeInterrupted(); it keeps runs that Jupyter's stop " +
        "button ended in a kernel (elsewhere, and with options.signal, train() returns the result itself)",
    );
  }
  slot.result = undefined;
  return result;
}
