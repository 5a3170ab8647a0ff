import type { Architecture } from "../core/architecture";
import { deriveSeed, permutation, Rng } from "../core/rng";
import type { Perms } from "./perm";
import { permutationSpec, type PermutationSpec } from "./permutation-spec";

/**
 * A random element of the permutation group: one uniform permutation per permutation of `spec`,
 * each from its own stream `deriveSeed(seed, name)`.
 *
 * @returns plain arrays (no tensors), e.g. `{ P_0: [...], P_1: [...] }`.
 */
export function randomPerms(spec: PermutationSpec, seed: number): Perms {
  const perms: Record<string, number[]> = {};
  for (const [name, n] of Object.entries(spec.permSizes))
    perms[name] = Array.from(permutation(n, deriveSeed(seed, name)));
  return perms;
}

/**
 * Random positive per-unit scales, log-uniform in `range`, one `Float32Array [size]` per unit group with a
 * rescaling symmetry (the input of `rescale`). The k-th group of the spec (counting every group, in layer
 * order) uses the stream `deriveSeed(seed, "scale" + k)`, so an MLP's hidden layer l uses `"scale" + l`.
 *
 * @param arch the architecture; only its unit groups are read.
 * @param range `[lo, hi]` with 0 < lo ≤ hi (default [0.5, 2]).
 * @returns plain arrays keyed by group (`P_l`); groups without a rescaling symmetry have no entry.
 * @throws when the range is not positive, finite and ordered.
 */
export function randomScales(
  arch: Architecture,
  seed: number,
  range: readonly [number, number] = [0.5, 2],
): Record<string, Float32Array> {
  const [lo, hi] = range;
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) {
    throw new Error(`randomScales: range must be [lo, hi] with 0 < lo <= hi, finite; got [${lo}, ${hi}]`);
  }
  const scales: Record<string, Float32Array> = {};
  Object.entries(permutationSpec(arch).groups).forEach(([p, group], k) => {
    if (group.rescaleDegree === null) return;
    const rng = new Rng(deriveSeed(seed, `scale${k}`));
    scales[p] = Float32Array.from({ length: group.size }, () =>
      Math.exp(rng.uniform(Math.log(lo), Math.log(hi))),
    );
  });
  return scales;
}
