import * as tf from "@tensorflow/tfjs";
import { type Architecture, paramShapes } from "../../lib/core/architecture";
import type { Params } from "../../lib/core/params";
import { Rng } from "../../lib/core/rng";

/** A seeded stream of uniforms in [0, 1) (lib/rng's sfc32), handy for `uniforms` and `randomPermutation`. */
export function testRng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** `n` uniform numbers in [lo, hi). */
export function uniforms(rand: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/**
 * Random params for `arch` (an MLP, or any architecture of kernels and biases): every rank-2 param
 * `[fanIn, fanOut]` ~ U(-1, 1)/sqrt(fanIn), every rank-1 param ~ U(-0.1, 0.1), drawn in storage order from
 * one stream (for `mlp(sizes)`: dense0/kernel, dense0/bias, dense1/kernel, ...).
 */
export function randomMlp(arch: Architecture, seed: number): Params {
  const rand = testRng(seed);
  const params: Record<string, tf.Tensor> = {};
  for (const [name, shape] of Object.entries(paramShapes(arch))) {
    const size = shape.reduce((a, b) => a * b, 1);
    const scale = shape.length === 2 ? 1 / Math.sqrt(shape[0]) : 0.1;
    params[name] = tf.tensor(uniforms(rand, size, -scale, scale), shape as number[]);
  }
  return params;
}

/** Random inputs `[batch, inDim]` ~ U(-1, 1). */
export function randomX(batch: number, inDim: number, seed: number): tf.Tensor2D {
  return tf.tensor2d(uniforms(testRng(seed), batch * inDim), [batch, inDim]);
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function randomPermutation(n: number, rand: () => number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}

/** Every tensor of `params` as flat number arrays, in name order. */
export function flatValues(params: Params): number[] {
  return Object.keys(params).flatMap((name) => Array.from(params[name].dataSync()));
}
