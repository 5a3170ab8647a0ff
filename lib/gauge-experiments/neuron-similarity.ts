import { type Architecture, checkParams } from "../core/architecture";
import type { Params } from "../core/params";
import { incomingRows, neuronCosines } from "../gauge/neuron-cosines";
import { permutationSpec, type UnitGroup } from "../gauge/permutation-spec";

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
