import type { Architecture } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { yieldToEventLoop } from "../train/interrupt";
import { train } from "../train/train";
import type { TrainResult } from "../train/train-result";
import type { TrainData, TrainOptions } from "../train/train-options";

/** Raised when the stop button (SIGINT) or an AbortSignal ends an experiment; nothing partial is cached. */
export class ExperimentInterrupted extends Error {
  /** @param where what was running, e.g. `lottery: seed 0 · round 3/15 · ticket`. */
  constructor(where: string) {
    super(`interrupted during ${where}; partial results are discarded (nothing was cached)`);
    this.name = "ExperimentInterrupted";
  }
}

/**
 * One training run inside an experiment: `train`, except that a run the stop button or the signal ended
 * frees its params and throws {@link ExperimentInterrupted}, so no partial result reaches the cache.
 *
 * @param options train's options; `label` names the run in progress displays and in the error.
 * @returns the finished run; the caller owns its params.
 * @throws {@link ExperimentInterrupted} when interrupted, and whatever `train` throws.
 */
export async function trainUnit(
  arch: Architecture,
  start: Params,
  data: TrainData,
  options: TrainOptions & { readonly label: string },
): Promise<TrainResult> {
  // Never register train's SIGINT listener inside a cell's synchronous part: tslab runs it with vm's
  // breakOnSigint, and a listener added there leaves Node's exit-on-SIGINT in place (the stop button would
  // kill the kernel).
  await yieldToEventLoop();
  const run = await train(arch, start, data, options);
  if (run.interrupted) {
    disposeParams(run.params);
    throw new ExperimentInterrupted(options.label);
  }
  return run;
}
