import * as tf from "@tensorflow/tfjs";

/**
 * Per-step training losses kept on the device until read in one go (one sync per `flush`, not per step).
 * `flush` checks every value: a NaN/±Inf loss throws naming the step that produced it.
 */
export class LossLog {
  private pending: tf.Scalar[] = [];
  private values: number[] = [];

  /** @param stepsPerEpoch used to name the epoch in the divergence message. */
  constructor(private readonly stepsPerEpoch: number) {}

  /** Takes ownership of the loss of the update made from step `this.length + pending`. */
  push(loss: tf.Scalar): void {
    this.pending.push(loss);
  }

  /** Number of losses not yet read. */
  get numPending(): number {
    return this.pending.length;
  }

  /** Reads pending losses (one device sync) and frees them. @throws on the first non-finite loss. */
  flush(): void {
    if (this.pending.length === 0) return;
    const read = tf.tidy(() => tf.stack(this.pending).dataSync());
    tf.dispose(this.pending);
    this.pending = [];
    for (let i = 0; i < read.length; i++) {
      const step = this.values.length;
      if (!Number.isFinite(read[i])) {
        const epoch = Math.floor(step / this.stepsPerEpoch);
        throw new Error(
          `training diverged: the loss is ${read[i]} at step ${step} (epoch ${epoch}); ` +
            "lower lr, or check the data and the initialisation",
        );
      }
      this.values.push(read[i]);
    }
  }

  /** Mean of the flushed losses from index `from` on (NaN when there are none). */
  meanSince(from: number): number {
    let sum = 0;
    for (let i = from; i < this.values.length; i++) sum += this.values[i];
    return this.values.length > from ? sum / (this.values.length - from) : NaN;
  }

  /** Number of flushed losses. */
  get length(): number {
    return this.values.length;
  }

  /** The flushed losses; `[k]` is the loss of the batch that took step k to k+1. */
  toArray(): Float32Array {
    return Float32Array.from(this.values);
  }

  /** Frees pending losses without reading them. */
  dispose(): void {
    tf.dispose(this.pending);
    this.pending = [];
  }
}
