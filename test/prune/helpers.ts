import * as tf from "@tensorflow/tfjs";
import { Mask } from "../../lib/train/mask";
import { biasName, kernelName, type Params } from "../../lib/core/params";
import { deriveSeed, normalArray } from "../../lib/core/rng";
import { prunableLayers } from "../../lib/prune/strategy";

/** A seeded MLP with `sizes = [inDim, h0, ..., outDim]`, N(0, 1) kernels and small nonzero biases. */
export function makeParams(sizes: readonly number[], seed: number): Params {
  const params: Record<string, tf.Tensor> = {};
  for (let l = 0; l < sizes.length - 1; l++) {
    const [m, n] = [sizes[l], sizes[l + 1]];
    params[kernelName(l)] = tf.tensor2d(normalArray(m * n, deriveSeed(seed, `k${l}`)), [m, n]);
    params[biasName(l)] = tf.tensor1d(normalArray(n, deriveSeed(seed, `b${l}`), 0, 0.1));
  }
  return params;
}

/** Params from explicit row-major kernels (`[in][out]` nested arrays) and zero biases. */
export function paramsFrom(kernels: readonly number[][][]): Params {
  const params: Record<string, tf.Tensor> = {};
  kernels.forEach((k, l) => {
    params[kernelName(l)] = tf.tensor2d(k);
    params[biasName(l)] = tf.zeros([k[0].length]);
  });
  return params;
}

/** An all-ones mask over every kernel of `params`. */
export function fullMask(params: Params): Mask {
  return Mask.ones(params, prunableLayers(params));
}

/** The 0/1 values of `mask`'s entry `name` (throws if absent). */
export function maskValues(mask: Mask, name: string): Float32Array {
  const m = mask.get(name);
  if (!m) throw new Error(`mask has no ${name}`);
  return m.dataSync() as Float32Array;
}

/** Kept count of entry `name`. */
export function keptOf(mask: Mask, name: string): number {
  return maskValues(mask, name).reduce((n, v) => n + v, 0);
}

/** A snapshot of every tensor's values, to check inputs are untouched. */
export function snapshot(entries: Readonly<Record<string, tf.Tensor | undefined>>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(entries)) if (t) out[name] = Array.from(t.dataSync());
  return out;
}

/** A snapshot of a mask's entries. */
export function maskSnapshot(mask: Mask): Record<string, number[]> {
  return snapshot(Object.fromEntries(mask.names.map((name) => [name, mask.get(name)])));
}

/** Disposes every mask given. */
export function disposeMasks(...masks: Mask[]): void {
  for (const m of masks) m.dispose();
}
