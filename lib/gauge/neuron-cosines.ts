import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import type { Perms } from "./perm";
import { permutationSpec, type UnitGroup } from "./permutation-spec";
import { permute } from "./permute";
import { weightMatching } from "./weight-matching";

/** Unit j's incoming weights of `group` (every incoming param, in order), row-major `[size][fanIn]`, as host arrays. */
export function incomingRows(params: Params, group: UnitGroup): Float32Array[] {
  const rows = Array.from({ length: group.size }, () => [] as number[]);
  for (const [name, axis] of group.incoming) {
    const values = tf.tidy(() => {
      const t = params[name];
      const others = t.shape.map((_, d) => d).filter((d) => d !== axis);
      return tf.reshape(tf.transpose(t, [axis, ...others]), [group.size, -1]).dataSync();
    });
    const fanIn = values.length / group.size;
    for (let j = 0; j < group.size; j++) for (let k = 0; k < fanIn; k++) rows[j].push(values[j * fanIn + k]);
  }
  return rows.map((r) => Float32Array.from(r));
}

/**
 * Per hidden-unit group, the cosine similarity between unit j's incoming vector (its weights and bias) in `a`
 * and unit j's in `b`, for every j: near 0 for networks trained apart, near 1 once `b` is aligned to `a`
 * (e.g. `permute(arch, b, weightMatching(arch, a, b).perms)`). Computed in Float64; a zero vector gives 0.
 *
 * @param arch, a, b two networks of architecture `arch` (read only).
 * @returns one `number[size]` per group of the permutation spec, in layer order; no tensors.
 * @throws when the networks do not fit the architecture.
 */
export function neuronCosines(arch: Architecture, a: Params, b: Params): number[][] {
  checkParams(arch, a, "neuronCosines");
  checkParams(arch, b, "neuronCosines");
  return Object.values(permutationSpec(arch).groups).map((group) => {
    const [rowsA, rowsB] = [incomingRows(a, group), incomingRows(b, group)];
    const [bA, bB] = group.bias
      ? [a[group.bias[0]].dataSync(), b[group.bias[0]].dataSync()]
      : [new Float32Array(group.size), new Float32Array(group.size)];
    return rowsA.map((rowA, j) => {
      const rowB = rowsB[j];
      let [dot, nA, nB] = [bA[j] * bB[j], bA[j] * bA[j], bB[j] * bB[j]];
      for (let k = 0; k < rowA.length; k++) {
        dot += rowA[k] * rowB[k];
        nA += rowA[k] * rowA[k];
        nB += rowB[k] * rowB[k];
      }
      return nA > 0 && nB > 0 ? dot / Math.sqrt(nA * nB) : 0;
    });
  });
}

/** Mean neuron cosine per unit group, before and after aligning one network to the other. */
export interface MatchedCosines {
  /** Per group, the mean cosine of same-index units of `a` and `b`. */
  readonly raw: number[];
  /** Per group, the same after `b` is permuted to `a` by weight matching. */
  readonly matched: number[];
  /** The permutations weight matching found, to align other params of `b` the same way. */
  readonly perms: Perms;
}

/**
 * How similar two networks' units are with and without assignment alignment: the mean {@link neuronCosines}
 * per group, raw and after `permute(arch, b, weightMatching(arch, a, b).perms)`. Units that are already in
 * corresponding order (a shared frozen layer, an ordered basis) score the same either way.
 *
 * @param seed the weight-matching seed (its random order over groups). @returns plain numbers; no tensors.
 * @throws as {@link neuronCosines} and `weightMatching`.
 */
export function matchedCosines(arch: Architecture, a: Params, b: Params, seed = 0): MatchedCosines {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const raw = neuronCosines(arch, a, b).map(mean);
  const { perms } = weightMatching(arch, a, b, { seed });
  const aligned = permute(arch, b, perms);
  try {
    return { raw, matched: neuronCosines(arch, a, aligned).map(mean), perms };
  } finally {
    disposeParams(aligned);
  }
}
