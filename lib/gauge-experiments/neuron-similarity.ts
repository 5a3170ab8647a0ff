import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams } from "../core/architecture";
import type { Params } from "../core/params";
import { permutationSpec, type UnitGroup } from "../gauge/permutation-spec";

/** Unit j's incoming weights of `group` (every incoming param, in order), row-major `[size][fanIn]`, as host arrays. */
function incomingRows(params: Params, group: UnitGroup): Float32Array[] {
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

/** The hidden-unit group of the first layer's outputs. @throws when the first layer's units carry no group. */
function firstGroup(arch: Architecture, where: string): UnitGroup {
  const group = Object.values(permutationSpec(arch).groups)[0];
  if (!group || group.layer !== 0)
    throw new Error(`${where}: the first layer of this architecture has no hidden units`);
  return group;
}

/**
 * The first-layer weights of several networks side by side, for `weightGrid` with `cols: neurons.length`:
 * network i's neurons fill row i of the grid. Column `i * neurons.length + k` is `nets[i]`'s neuron `neurons[k]`.
 *
 * @param arch the networks' architecture; @param nets e.g. `[A, B, permute(arch, B, perms)]` (read only).
 * @param neurons first-layer neuron indices to show, e.g. `[0, 1, ..., 9]`.
 * @returns `[inDim, nets.length * neurons.length]` nested arrays; no tensors.
 * @throws when an index is out of range or a network does not fit the architecture.
 */
export function firstLayerColumns(
  arch: Architecture,
  nets: readonly Params[],
  neurons: readonly number[],
): number[][] {
  if (nets.length === 0 || neurons.length === 0) throw new Error("firstLayerColumns: give nets and neurons");
  const group = firstGroup(arch, "firstLayerColumns");
  const columns: Float32Array[] = [];
  for (const net of nets) {
    checkParams(arch, net, "firstLayerColumns");
    const rows = incomingRows(net, group);
    for (const j of neurons) {
      if (!Number.isInteger(j) || j < 0 || j >= group.size) {
        throw new Error(`firstLayerColumns: neuron ${j} is outside the first layer's ${group.size} units`);
      }
      columns.push(rows[j]);
    }
  }
  return Array.from({ length: arch.inDim }, (_, k) => columns.map((c) => c[k]));
}

/**
 * The `k` first-layer neurons of `a` most similar (cosine of incoming vectors) to the same-index neuron of `b`,
 * most similar first: with `b` aligned to `a`, the best-matched pairs, e.g. to show as weight images.
 *
 * @returns neuron indices; no tensors.
 */
export function mostSimilarNeurons(arch: Architecture, a: Params, b: Params, k: number): number[] {
  firstGroup(arch, "mostSimilarNeurons");
  const cos = neuronCosines(arch, a, b)[0] ?? [];
  return cos
    .map((c, j) => [c, j] as const)
    .sort((p, q) => q[0] - p[0] || p[1] - q[1])
    .slice(0, k)
    .map(([, j]) => j);
}
