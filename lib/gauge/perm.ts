/**
 * Permutations as plain arrays. Convention (Git Re-Basin's `take`): permuting by `perm` puts old unit
 * `perm[i]` at new position `i`, so `permuted[i] = original[perm[i]]`.
 */

/** A permutation of `0..n-1`: `perm[i]` is the old index of new unit `i`. */
export type Perm = readonly number[];

/** One permutation per permutation name of a spec (`P_0`, `P_1`, ... for an MLP's hidden layers). */
export type Perms = Readonly<Record<string, Perm>>;

/** The identity permutation `[0, 1, ..., n-1]`. */
export function identityPerm(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The inverse: `invertPerm(perm)[perm[i]] = i`, so permuting by `perm` then by its inverse is the identity. */
export function invertPerm(perm: Perm): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((old, i) => (inverse[old] = i));
  return inverse;
}

/**
 * The single permutation equal to permuting by `first`, then by `second`: `result[i] = first[second[i]]`.
 */
export function composePerms(first: Perm, second: Perm): number[] {
  return second.map((i) => first[i]);
}

/**
 * Checks `perm` is a permutation of `0..n-1`.
 *
 * @param label names the permutation in the error, e.g. `perm P_0`.
 * @throws naming the wrong length, a value out of range, or a repeated value.
 */
export function assertPerm(perm: ArrayLike<number>, n: number, label = "perm"): void {
  if (perm.length !== n) throw new Error(`${label} has ${perm.length} entries but its layer has ${n} units`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = perm[i];
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new Error(`${label} is not a permutation of 0..${n - 1}: entry ${i} is ${v}`);
    }
    if (seen[v]) throw new Error(`${label} is not a permutation of 0..${n - 1}: ${v} appears twice`);
    seen[v] = 1;
  }
}
