import * as tf from "@tensorflow/tfjs";
import type { Params } from "../core/params";

/**
 * A checked pruning mask: for some parameter names, a 0/1 tensor of the same shape (1 = keep).
 * Parameters without an entry (biases, unpruned layers) are dense. A `Mask` owns its tensors; call `dispose()`.
 */
export class Mask {
  private constructor(private readonly entries: Readonly<Record<string, tf.Tensor>>) {}

  /**
   * Builds a mask from 0/1 tensors, checking every value is exactly 0 or 1 and finite.
   * Takes ownership of `entries`' tensors (when it throws, the caller keeps them).
   *
   * @throws naming the entry with a value other than 0 or 1.
   */
  static fromTensors(entries: Record<string, tf.Tensor>): Mask {
    if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
      throw new Error(
        `Mask.fromTensors: entries must be an object of 0/1 tensors by param name; got ${String(entries)}`,
      );
    }
    for (const [name, t] of Object.entries(entries)) {
      if (!(t instanceof tf.Tensor))
        throw new Error(`mask entry ${name} must be a 0/1 tensor; got ${typeof t}`);
    }
    for (const [name, t] of Object.entries(entries)) {
      const bad = tf.tidy(() => tf.logicalAnd(tf.notEqual(t, 0), tf.notEqual(t, 1)).any().dataSync()[0]);
      if (bad) throw new Error(`mask entry ${name} holds values other than 0 and 1`);
    }
    return new Mask({ ...entries });
  }

  /** An all-ones mask over the named parameters of `params` (a fresh, unpruned network). */
  static ones(params: Params, names: readonly string[]): Mask {
    const entries: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const t = params[name];
      if (!t) throw new Error(`Mask.ones: params have no ${name}; known: ${Object.keys(params).join(", ")}`);
      entries[name] = tf.onesLike(t);
    }
    return new Mask(entries);
  }

  /** The names of the masked parameters. */
  get names(): string[] {
    return Object.keys(this.entries);
  }

  /** The 0/1 tensor for `name`, or `undefined` if that parameter is not masked. The mask keeps ownership. */
  get(name: string): tf.Tensor | undefined {
    return this.entries[name];
  }

  /** Number of masked weights (kept + pruned). */
  get size(): number {
    return Object.values(this.entries).reduce((n, t) => n + t.size, 0);
  }

  /** Number of kept weights. */
  get numKept(): number {
    return tf.tidy(() =>
      Object.values(this.entries).reduce((n, t) => n + (t.sum().dataSync()[0] as number), 0),
    );
  }

  /** Fraction of masked weights kept, in [0, 1]. */
  get density(): number {
    return this.size === 0 ? 1 : this.numKept / this.size;
  }

  /** Fraction of masked weights pruned, `1 - density`. */
  get sparsity(): number {
    return 1 - this.density;
  }

  /** Checks every entry matches a parameter of `params` in shape. @throws naming the mismatch. */
  assertFits(params: Params): void {
    for (const [name, t] of Object.entries(this.entries)) {
      const p = params[name];
      if (!p)
        throw new Error(
          `mask entry ${name} has no parameter of that name: a mask from another architecture?`,
        );
      if (!tf.util.arraysEqual(p.shape, t.shape)) {
        throw new Error(`mask entry ${name} is [${t.shape}] but the parameter is [${p.shape}]`);
      }
    }
  }

  /** `params` with masked weights zeroed. New tensors for masked entries, the same tensors otherwise. */
  apply(params: Params): Params {
    this.assertFits(params);
    const out: Record<string, tf.Tensor> = {};
    for (const [name, p] of Object.entries(params)) {
      const m = this.entries[name];
      out[name] = m ? tf.mul(p, m) : p;
    }
    return out;
  }

  /** A deep copy; the caller owns it. */
  clone(): Mask {
    const copy: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(this.entries)) copy[name] = t.clone();
    return new Mask(copy);
  }

  /** Frees the mask's tensors. */
  dispose(): void {
    tf.dispose(Object.values(this.entries));
  }
}
