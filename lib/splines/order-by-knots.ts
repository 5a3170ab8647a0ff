import { type Architecture, layersOf } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { identityPerm } from "../gauge/perm";
import { permName, permutationSpec } from "../gauge/permutation-spec";
import { permute } from "../gauge/permute";
import { rescale } from "../gauge/rescale";
import { unitKnots } from "./unit-knots";

/**
 * A gauge fix by ordering: the point of a ReLU layer's orbit (unit permutations and positive rescalings) whose
 * units are hinges in sorted order. Each unit of layer `layer` is rescaled so its largest incoming weight has
 * |w| = 1 (the scale moves to the outgoing weights), then the units are sorted by input, sign (+ first) and
 * knot `t = −b/w`. In 1-D that is exactly a `hinge` layer's form: `relu(±(x − t_k))` with sorted knots. Every
 * point of the orbit maps to the same params (to float rounding), and the function is unchanged.
 *
 * @param layer the index of a dense-like layer whose units carry a ReLU symmetry group.
 * @returns new params (same architecture); the caller owns them. `params` are not modified.
 * @throws when the layer's units have no permutation group or rescaling degree 1, or as `unitKnots`.
 */
export function orderByKnots(arch: Architecture, params: Params, layer: number): Params {
  const p = permName(layer);
  const group = permutationSpec(arch).groups[p];
  if (!group || group.rescaleDegree !== 1) {
    const name = layersOf(arch)[layer]?.name ?? layer;
    throw new Error(
      `orderByKnots: layer ${name}'s units have no ReLU gauge group (permutations and rescalings)`,
    );
  }
  const kernel = params[group.incoming[0][0]];
  const units = kernel.shape[1] as number;
  const W = kernel.dataSync();
  const knots = unitKnots(arch, params, layer);
  const scales = knots.map((u, j) => 1 / Math.abs(W[u.input * units + j]));
  const identity = Object.fromEntries(
    Object.entries(permutationSpec(arch).permSizes).map(([q, n]) => [q, identityPerm(n)]),
  );
  const order = knots
    .map((u, j) => ({ ...u, j }))
    .sort((a, b) => a.input - b.input || b.sign - a.sign || a.knot - b.knot || a.j - b.j)
    .map((u) => u.j);
  const scaled = rescale(arch, params, { [p]: scales });
  try {
    return permute(arch, scaled, { ...identity, [p]: order });
  } finally {
    disposeParams(scaled);
  }
}
