import * as tf from "@tensorflow/tfjs";
import { hiddenActivations, type Activation } from "../core/forward";
import { layerSizes, type Params } from "../core/params";
import { assertSameArchitecture } from "../core/same-shapes";
import { linearAssignmentFlat } from "./linear-assignment";
import type { Perms } from "./perm";
import { permName } from "./permutation-spec";

/** The result of matching network `b`'s hidden units to network `a`'s by their activations. */
export interface ActivationMatchResult {
  /** `permute(b, perms)` puts each of `b`'s neurons next to its most correlated partner in `a`. */
  readonly perms: Perms;
  /** Per hidden layer, the mean Pearson correlation of the matched pairs, in [-1, 1]. */
  readonly meanCorrelation: number[];
}

/**
 * The Pearson correlation between every hidden unit of `actsA [batch, n]` and of `actsB [batch, n]`,
 * row-major `[n, n]`. A unit with (near) constant activation has correlation 0 with everything.
 */
function correlation(actsA: tf.Tensor2D, actsB: tf.Tensor2D): Float32Array {
  const C = tf.tidy(() => {
    const standardize = (x: tf.Tensor2D): tf.Tensor2D => {
      const { mean, variance } = tf.moments(x, 0);
      return tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), 1e-8)) as tf.Tensor2D;
    };
    const batch = actsA.shape[0];
    // An explicit transpose: wasm's matMul with transposeA is ~15x slower than transpose + plain matMul.
    const product = tf.matMul(tf.transpose(standardize(actsA)), standardize(actsB));
    return tf.div(product, batch);
  });
  // Read outside tidy: tidy would walk every entry of a returned typed array looking for tensors.
  const values = C.dataSync() as Float32Array;
  C.dispose();
  return values;
}

/**
 * Activation matching (Git Re-Basin): for each hidden layer, the permutation of `b`'s units maximising the
 * summed correlation with `a`'s units on the data `X`, by one linear assignment per layer. Layers are
 * independent because a unit's activations do not depend on how earlier layers are ordered.
 *
 * @param a the reference network; @param b the network to move (same architecture).
 * @param X inputs `[batch, inDim]` (e.g. a few thousand training images).
 * @param activation the hidden nonlinearity (default ReLU).
 * @returns plain permutations for the MLP spec (`P_l`) and per-layer mean matched correlations; no tensors.
 * @throws when the architectures differ or `X` does not fit.
 */
export function activationMatching(
  a: Params,
  b: Params,
  X: tf.Tensor2D,
  activation: Activation = "relu",
): ActivationMatchResult {
  assertSameArchitecture(a, b, "activationMatching");
  const sizes = layerSizes(a);
  if (X.rank !== 2 || X.shape[1] !== sizes[0] || X.shape[0] < 2) {
    throw new Error(`activationMatching: X must be [batch >= 2, ${sizes[0]}]; got [${X.shape}]`);
  }
  const actsA = hiddenActivations(a, X, activation);
  const actsB = hiddenActivations(b, X, activation);
  const perms: Record<string, number[]> = {};
  const meanCorrelation: number[] = [];
  actsA.forEach((hA, l) => {
    const n = sizes[l + 1];
    const { colForRow, value } = linearAssignmentFlat(correlation(hA, actsB[l]), n, n, { maximize: true });
    perms[permName(l)] = Array.from(colForRow);
    meanCorrelation.push(value / n);
  });
  tf.dispose([...actsA, ...actsB]);
  return { perms, meanCorrelation };
}
