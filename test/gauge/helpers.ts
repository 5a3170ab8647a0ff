import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { biasName, kernelName, type Params } from "../../lib/core/params";

/** A seeded stream of uniforms in [0, 1) (lib/rng's sfc32), handy for `uniforms` and `randomPermutation`. */
export function testRng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** `n` uniform numbers in [lo, hi). */
export function uniforms(rand: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/** A random MLP with layer sizes `[inDim, h0, ..., outDim]`, weights ~ U(-1, 1)/sqrt(fanIn). */
export function randomMlp(sizes: readonly number[], seed: number): Params {
  const rand = testRng(seed);
  const params: Record<string, tf.Tensor> = {};
  for (let l = 0; l + 1 < sizes.length; l++) {
    const scale = 1 / Math.sqrt(sizes[l]);
    params[kernelName(l)] = tf.tensor2d(uniforms(rand, sizes[l] * sizes[l + 1], -scale, scale), [
      sizes[l],
      sizes[l + 1],
    ]);
    params[biasName(l)] = tf.tensor1d(uniforms(rand, sizes[l + 1], -0.1, 0.1));
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
