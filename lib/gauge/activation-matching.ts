import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf } from "../core/architecture";
import { assertFiniteNetworks, describeNonFinite, firstNonFinite } from "../core/finite";
import { layerOutputs } from "../core/forward";
import type { Params } from "../core/params";
import { checkPair } from "../core/same-shapes";
import { linearAssignmentFlat } from "./linear-assignment";
import type { Perms } from "./perm";
import { permutationSpec } from "./permutation-spec";

/** The result of matching network `b`'s hidden units to network `a`'s by their activations. */
export interface ActivationMatchResult {
  /** `permute(arch, b, perms)` puts each of `b`'s units next to its most correlated partner in `a`. */
  readonly perms: Perms;
  /** Per unit group (`P_l`), the mean Pearson correlation of the matched pairs, in [-1, 1]. */
  readonly meanCorrelation: Record<string, number>;
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
 * Activation matching (Git Re-Basin): for each unit group `P_l` of `permutationSpec(arch)`, the permutation of
 * `b`'s units maximising the summed correlation with `a`'s units on the data `X`, by one linear assignment per
 * group. The units of `P_l` are the outputs of layer l (after its activation, which the architecture names).
 * Groups are independent because a unit's activations do not depend on how earlier layers are ordered.
 *
 * @param arch the architecture of both networks.
 * @param a the reference network; @param b the network to move (same architecture).
 * @param X inputs `[batch, inDim]` (e.g. a few thousand training images).
 * @returns plain permutations keyed by group (`P_l`) and per-group mean matched correlations; no tensors.
 * @throws when `a` does not fit `arch`, `b` differs from `a`, `X` is not `[batch >= 2, inDim]`, a param or
 *   `X` holds NaN or Inf (one device sync), or finite weights give NaN or Inf activations (float32 overflow;
 *   one more sync). Every tensor made is freed on every path.
 */
export function activationMatching(
  arch: Architecture,
  a: Params,
  b: Params,
  X: tf.Tensor2D,
): ActivationMatchResult {
  checkPair(arch, a, b, "activationMatching");
  if (X.rank !== 2 || X.shape[1] !== arch.inDim || X.shape[0] < 2) {
    throw new Error(`activationMatching: X must be [batch >= 2, ${arch.inDim}]; got [${X.shape}]`);
  }
  assertFiniteNetworks({ "network a": a, "network b": b }, "activationMatching");
  if (firstNonFinite([X]) >= 0) {
    throw new Error(`activationMatching: X holds NaN or Inf values (${describeNonFinite(X)})`);
  }
  const groups = Object.entries(permutationSpec(arch).groups);
  const used = new Set(groups.map(([, group]) => group.layer));
  const kept: Map<number, tf.Tensor2D>[] = [];
  const perms: Record<string, number[]> = {};
  const meanCorrelation: Record<string, number> = {};
  try {
    for (const params of [a, b]) {
      const byLayer = new Map<number, tf.Tensor2D>();
      kept.push(byLayer);
      // Only the group layers' outputs are compared; the others (e.g. the logits) go right away.
      layerOutputs(arch, params, X).forEach((h, l) => (used.has(l) ? byLayer.set(l, h) : h.dispose()));
    }
    const pairs = groups.map(([, { layer }]) => kept.map((byLayer) => byLayer.get(layer) as tf.Tensor2D));
    const bad = firstNonFinite(pairs.flat());
    if (bad >= 0) {
      const [p, { layer }] = groups[Math.floor(bad / 2)];
      throw new Error(
        `activationMatching: the activations of ${p} (the output of ${layersOf(arch)[layer].name}) of network ${bad % 2 === 0 ? "a" : "b"} ` +
          `hold NaN or Inf values (${describeNonFinite(pairs.flat()[bad])}) though the weights and X are ` +
          "finite: the forward pass overflowed float32 (weights or inputs too large)",
      );
    }
    groups.forEach(([p, { size: n }], g) => {
      const C = correlation(pairs[g][0], pairs[g][1]);
      const { colForRow, value } = linearAssignmentFlat(C, n, n, {
        maximize: true,
        label: `activationMatching: the correlation matrix of ${p} (float32 overflow: activations too large)`,
      });
      perms[p] = Array.from(colForRow);
      meanCorrelation[p] = value / n;
    });
  } finally {
    for (const byLayer of kept) tf.dispose([...byLayer.values()]);
  }
  return { perms, meanCorrelation };
}
