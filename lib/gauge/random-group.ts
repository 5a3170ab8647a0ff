import { layerSizes, type Params } from "../core/params";
import { deriveSeed, permutation, Rng } from "../core/rng";
import type { Perms } from "./perm";
import type { PermutationSpec } from "./permutation-spec";

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
 * Random positive per-neuron scales, log-uniform in `range`, one `Float32Array [h_l]` per hidden layer
 * (the input of `rescale`). Hidden layer l uses the stream `deriveSeed(seed, "scale" + l)`.
 *
 * @param params an MLP; only its layer sizes are read.
 * @param range `[lo, hi]` with 0 < lo ≤ hi (default [0.5, 2]).
 * @throws when the range is not positive, finite and ordered.
 */
export function randomScales(
  params: Params,
  seed: number,
  range: readonly [number, number] = [0.5, 2],
): Float32Array[] {
  const [lo, hi] = range;
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) {
    throw new Error(`randomScales: range must be [lo, hi] with 0 < lo <= hi, finite; got [${lo}, ${hi}]`);
  }
  const hidden = layerSizes(params).slice(1, -1);
  return hidden.map((n, l) => {
    const rng = new Rng(deriveSeed(seed, `scale${l}`));
    return Float32Array.from({ length: n }, () => Math.exp(rng.uniform(Math.log(lo), Math.log(hi))));
  });
}
