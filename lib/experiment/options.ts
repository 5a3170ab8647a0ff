import type { ProgressSink } from "../train/progress";

/** Options every experiment runner takes, with one name each. */
export interface ExperimentOptions {
  /** Cache folder (default `data/cache`). */
  readonly cacheDir?: string;
  /** Recompute and overwrite cached results. */
  readonly recompute?: boolean;
  /** One progress display for the whole experiment, e.g. `liveProgress()`. */
  readonly progress?: ProgressSink;
  /** Aborting it stops the experiment at the next training step (like the stop button). */
  readonly signal?: AbortSignal;
  /** Listen for SIGINT (Jupyter's stop button) (default true). */
  readonly handleSigint?: boolean;
  /**
   * Runners of several units (seeds): how many worker threads compute them (`runUnits`). 0 computes them one
   * after another in this process. The default depends on the runner (the lottery's: `defaultWorkers()`).
   */
  readonly workers?: number;
  /** Modules each worker loads to register the experiment (default `lib/index.ts`); absolute paths. */
  readonly modules?: readonly string[];
}
