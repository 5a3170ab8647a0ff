import type { ProgressInfo, ProgressSink } from "../train/progress";

/**
 * One progress bar over a whole experiment (every round, control and seed): each training run reports through
 * a {@link stage} sink whose steps are shifted by the steps already done, so the bar runs once from 0 to
 * `total`. Cached runs are {@link skip}ped. Holds no tensors.
 */
export class ExperimentProgress {
  private offset = 0;
  private last?: ProgressInfo;

  /** @param sink where the combined progress goes (nothing is reported without one); @param total all steps. */
  constructor(
    private readonly sink: ProgressSink | undefined,
    private total: number,
  ) {}

  /** Steps done so far. */
  get done(): number {
    return this.offset;
  }

  /** Adds `steps` to the planned total (work discovered later). */
  extend(steps: number): void {
    this.total += steps;
  }

  /**
   * A sink for one training run of `numSteps` planned steps; its `done` advances the bar by `numSteps`.
   *
   * @param label shown on the bar, e.g. `seed 0 · round 3/15 · ticket`.
   */
  stage(label: string, numSteps: number): ProgressSink {
    const start = this.offset;
    return {
      update: (info) => this.report({ ...info, step: start + info.step, total: this.total, label }),
      done: (info) => {
        this.offset = start + numSteps;
        this.report({ ...(info ?? { step: 0, total: 0 }), step: this.offset, total: this.total, label });
      },
    };
  }

  /** Marks `numSteps` as done without training (a cache hit). */
  skip(numSteps: number, label = "cached"): void {
    this.offset += numSteps;
    this.report({ step: this.offset, total: this.total, label });
  }

  /** Ends the bar (call once, when the experiment has finished); await it so the finished bar lands in the cell. */
  async finish(): Promise<void> {
    await this.sink?.done(this.last && { ...this.last, step: this.offset, total: this.total });
  }

  private report(info: ProgressInfo): void {
    this.last = info;
    this.sink?.update(info);
  }
}
