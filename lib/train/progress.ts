/**
 * What a long computation (training, a pruning round) reports as it goes. The training loop reads the loss
 * from the device only when it is about to call `update`, so a sink never forces a sync per step.
 */
export interface ProgressInfo {
  /** Steps done so far. */
  readonly step: number;
  /** Steps planned in all (0 when unknown). */
  readonly total: number;
  /** Recent mean training loss. */
  readonly loss?: number;
  /** Latest evaluation metrics by name, e.g. `{ "val/acc": 0.94 }`. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** What is running, e.g. `"train"` or `"seed 0 · round 3 · ticket"`. */
  readonly label?: string;
}

/** Receives {@link ProgressInfo}: `update` while running (throttled by the reporter), `done` once at the end. */
export interface ProgressSink {
  /** A report while running; sinks redraw at their own pace. */
  update(info: ProgressInfo): void;
  /** The end of the work, with its final report if there is one; callers await it, so a sink may draw its
   *  finished state asynchronously and still land in the running cell. */
  done(info?: ProgressInfo): void | Promise<void>;
}
