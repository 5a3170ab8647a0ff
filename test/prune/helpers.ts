import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf, mlp, paramShapes, prunableParams } from "../../lib/core/architecture";
import type { Params } from "../../lib/core/params";
import { deriveSeed, normalArray } from "../../lib/core/rng";
import { Mask } from "../../lib/train/mask";

/** A model: its architecture and params (the caller disposes the params). */
export interface Model {
  readonly arch: Architecture;
  readonly params: Params;
}

/**
 * A seeded model for `arch` (e.g. `mlp([8, 10, 6, 4])`): N(0, 1) kernels and small nonzero biases, each
 * layer's from `deriveSeed(seed, "k<l>")` / `"b<l>"` (the values the prune tests have always used).
 */
export function makeParams(arch: Architecture, seed: number): Params {
  const params: Record<string, tf.Tensor> = {};
  layersOf(arch).forEach((layer, l) => {
    const [m, n] = layer.shapes.kernel;
    params[layer.paramNames.kernel] = tf.tensor2d(normalArray(m * n, deriveSeed(seed, `k${l}`)), [m, n]);
    params[layer.paramNames.bias] = tf.tensor1d(normalArray(n, deriveSeed(seed, `b${l}`), 0, 0.1));
  });
  return params;
}

/** An MLP (ReLU hidden layers) from explicit row-major kernels (`[in][out]` nested arrays), zero biases. */
export function paramsFrom(kernels: readonly number[][][]): Model {
  const arch = mlp([kernels[0].length, ...kernels.map((k) => k[0].length)]);
  const params: Record<string, tf.Tensor> = {};
  layersOf(arch).forEach((layer, l) => {
    params[layer.paramNames.kernel] = tf.tensor2d(kernels[l] as number[][]);
    params[layer.paramNames.bias] = tf.zeros([kernels[l][0].length]);
  });
  return { arch, params };
}

/** An all-ones mask over every prunable param of `arch` (a fresh, unpruned network). */
export function fullMask(arch: Architecture): Mask {
  const shapes = paramShapes(arch);
  return Mask.fromTensors(
    Object.fromEntries(prunableParams(arch).map((name) => [name, tf.ones([...shapes[name]])])),
  );
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
