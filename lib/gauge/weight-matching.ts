import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { assertFiniteNetworks } from "../core/finite";
import type { Params } from "../core/params";
import { deriveSeed, shuffleInPlace } from "../core/rng";
import { checkPair } from "../core/same-shapes";
import { linearAssignmentFlat } from "./linear-assignment";
import { identityPerm, type Perms } from "./perm";
import { assertPermsFit, permutationSpec, type PermutationSpec } from "./permutation-spec";
import { permuteTensor } from "./permute";

/** Options for {@link weightMatching}. */
export interface WeightMatchingOptions {
  /** Seeds the random order in which permutations are visited (default 0). */
  readonly seed?: number;
  /** At most this many sweeps over all permutations (default 100). */
  readonly maxIter?: number;
  /** Where to start (default: identity permutations). */
  readonly initPerms?: Perms;
}

/** The result of matching network `b` to network `a`. */
export interface WeightMatchResult {
  /** `permute(b, perms)` is `b` moved into `a`'s basin. */
  readonly perms: Perms;
  /** Sweeps done; the last one improved nothing (unless `maxIter` stopped it). */
  readonly numIters: number;
  /** Whether a sweep without improvement ended the search (false when `maxIter` was reached). */
  readonly converged: boolean;
}

/**
 * The similarity matrix for permutation `p`: `S[i][j] = Σ_{(name, axis) ∈ p} ⟨a[name]_i, b'[name]_j⟩`, where
 * `_i` takes slice i along `axis` and `b'` is `b` with every other permutation applied. Row-major `[n, n]`.
 */
function similarity(a: Params, b: Params, spec: PermutationSpec, perms: Perms, p: string): Float32Array {
  const n = spec.permSizes[p];
  const S = tf.tidy(() => {
    let sum: tf.Tensor2D = tf.zeros([n, n]);
    for (const [name, axis] of spec.permToAxes[p]) {
      // wA [n, rest] with the permuted axis first; wBt [rest, n] with it last, so S += wA · wBt is a plain
      // matMul (wasm's matMul with transpose flags is ~15x slower than explicit transposes).
      const others = Array.from({ length: a[name].rank }, (_, d) => d).filter((d) => d !== axis);
      const wA = tf.reshape(tf.transpose(a[name], [axis, ...others]), [n, -1]);
      const wB = permuteTensor(b[name], spec.axesToPerm[name], perms, axis);
      const wBt = tf.reshape(tf.transpose(wB, [...others, axis]), [-1, n]);
      sum = tf.add(sum, tf.matMul(wA, wBt));
    }
    return sum;
  });
  // Read outside tidy: tidy would walk every entry of a returned typed array looking for tensors.
  const values = S.dataSync() as Float32Array;
  S.dispose();
  return values;
}

/**
 * Weight matching (Git Re-Basin, Ainsworth et al. 2023): finds permutations of `b`'s hidden units that
 * maximise `Σ_name ⟨a[name], permute(b)[name]⟩`. Coordinate descent from the identity (or `initPerms`): each
 * sweep visits the permutations in a seeded random order and replaces each by the linear-assignment optimum of
 * its similarity matrix (summed over every axis it acts on); it stops after a sweep in which no permutation
 * improved the objective by more than 1e-12, or after `maxIter` sweeps.
 *
 * @param arch the architecture of both networks; its `permutationSpec` says which perm acts on which axis.
 * @param a the reference network; @param b the network to move (same architecture).
 * @returns plain permutations (no tensors) with `permute(arch, b, perms)` ≈ `a` in weight space.
 * @throws when the networks do not fit `arch`, on an unknown option, when `initPerms` does not fit, when a
 *   param of `a` or `b` holds NaN or Inf (checked once, one device sync), or when finite but huge weights make
 *   a similarity overflow float32 (naming the permutation).
 */
export function weightMatching(
  arch: Architecture,
  a: Params,
  b: Params,
  options: WeightMatchingOptions = {},
): WeightMatchResult {
  checkPair(arch, a, b, "weightMatching");
  checkOptions(options, { seed: "number?", maxIter: "number?", initPerms: "object?" }, "weightMatching");
  const spec = permutationSpec(arch);
  const maxIter = options.maxIter ?? 100;
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new Error(`weightMatching: maxIter must be a positive integer; got ${maxIter}`);
  }
  assertFiniteNetworks({ "network a": a, "network b": b }, "weightMatching");
  const perms: Record<string, number[]> = {};
  for (const [p, n] of Object.entries(spec.permSizes)) perms[p] = identityPerm(n);
  if (options.initPerms) {
    assertPermsFit(spec, options.initPerms, "weightMatching initPerms");
    for (const p of Object.keys(perms)) perms[p] = [...options.initPerms[p]];
  }
  const names = Object.keys(perms);
  const seed = options.seed ?? 0;
  for (let iter = 0; iter < maxIter; iter++) {
    let progress = false;
    for (const p of shuffleInPlace([...names], deriveSeed(seed, iter))) {
      const n = spec.permSizes[p];
      const S = similarity(a, b, spec, perms, p);
      const { colForRow } = linearAssignmentFlat(S, n, n, {
        maximize: true,
        label: `weightMatching: the similarity matrix of ${p} (float32 overflow: the weights are too large)`,
      });
      let oldL = 0;
      let newL = 0;
      for (let i = 0; i < n; i++) {
        oldL += S[i * n + perms[p][i]];
        newL += S[i * n + colForRow[i]];
      }
      if (newL > oldL + 1e-12) progress = true;
      perms[p] = Array.from(colForRow);
    }
    if (!progress) return { perms, numIters: iter + 1, converged: true };
  }
  return { perms, numIters: maxIter, converged: false };
}
