import type { ProgressInfo, ProgressSink } from "../train/progress";

/**
 * One progress display for units running in several workers at once: the bar counts the steps every unit has
 * done (cached units count in full), and the label lists what each running unit is doing, e.g.
 * `seed 0 · round 3/15 · ticket | seed 1 · round 2/15 · ticket + reinit + randomPrune`.
 */
export class PoolProgress {
  private readonly done = new Map<number, number>();
  private readonly labels = new Map<number, string>();
  private skipped = 0;
  private last?: ProgressInfo;

  /** @param sink the display (none: nothing is shown); @param total the steps of every unit. */
  constructor(
    private readonly sink: ProgressSink | undefined,
    private readonly total: number,
  ) {}

  /** Counts a cached unit's `steps` as done. */
  skip(steps: number, label: string): void {
    this.skipped += steps;
    this.emit({ step: 0, total: 0, label });
  }

  /** Unit `unit` (in some worker) reports `info` (its own step count, from 0). */
  report(unit: number, info: ProgressInfo): void {
    this.done.set(unit, info.step);
    if (info.label) this.labels.set(unit, info.label);
    this.emit(info);
  }

  /** Unit `unit` ended (finished, failed or is being retried): its steps count in full, its label leaves the display. */
  end(unit: number, steps: number): void {
    this.done.set(unit, steps);
    this.labels.delete(unit);
    if (this.last) this.emit(this.last);
  }

  /** Closes the display with the final count; await it so the finished display lands in the cell. */
  async finish(): Promise<void> {
    await this.sink?.done(this.last && { ...this.last, ...this.count() });
  }

  private count(): { step: number; total: number } {
    let step = this.skipped;
    for (const n of this.done.values()) step += n;
    return { step: Math.min(step, this.total), total: this.total };
  }

  private emit(info: ProgressInfo): void {
    const label = this.labels.size > 0 ? [...this.labels.values()].join(" | ") : info.label;
    this.last = { ...info, ...this.count(), label };
    this.sink?.update(this.last);
  }
}
