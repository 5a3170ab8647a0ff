import { type Architecture, checkParams } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { assertFiniteParams } from "../core/finite";
import { disposeParams, type Params } from "../core/params";
import { hostArrays, permuteAlong, pushSlice, scaleAlong } from "./host-array";
import type { Perms } from "./perm";
import { permutationSpec } from "./permutation-spec";
import { permute } from "./permute";
import { rescale } from "./rescale";

/** Options for {@link canonicalGauge} and {@link canonicalize}. */
export interface CanonicalOptions {
  /**
   * Two key entries closer than this count as equal and the next entry decides the order (default 1e-6).
   * Keys of rescalable groups are unit vectors, so this is an absolute tolerance on values of size at most 1;
   * groups without a rescaling symmetry are sorted by their raw incoming weights and bias. A finite number
   * >= 0 (NaN would make every comparison false, so nothing would be sorted).
   */
  readonly tol?: number;
}

/** The group element that takes a network to its canonical form: rescale by `scales`, then permute by `perms`. */
export interface CanonicalGauge {
  /**
   * `scales.P[j]` multiplies unit j's incoming weights and bias (original order), `[size]` each; only groups
   * with a rescaling symmetry have an entry (the input of `rescale`).
   */
  readonly scales: Record<string, Float64Array>;
  /** `perms.P[i]` is the original index of canonical unit i of group P. */
  readonly perms: Perms;
}

/**
 * Finds the gauge fix of a network, one unit group at a time in layer order (from the input side). Each
 * unit's key is its incoming weights, as seen in the already-canonical basis of the earlier groups (every
 * incoming `[param, axis]` slice in spec order), followed by its bias:
 * 1. scale (groups with a rescaling symmetry): the key gets unit norm, the scale moving to the outgoing
 *    weights (÷ c^p); a unit with a zero key is left unscaled;
 * 2. permutation: units are sorted lexicographically by the key (stably, with tolerance `tol`), so the key is
 *    invariant to every earlier permutation and rescaling.
 * Computed in Float64 on the host: each fixed group's scale and permutation are applied to Float64 copies of
 * the params before the next group's keys are read. Reads `params` only; returns plain arrays (no tensors).
 *
 * @param arch the architecture; @param params its params.
 * @throws when the params do not fit `arch`, on an unknown option, a `tol` that is not a finite number >= 0,
 *   or a param holding NaN or Inf (checked first, one device sync).
 */
export function canonicalGauge(
  arch: Architecture,
  params: Params,
  options: CanonicalOptions = {},
): CanonicalGauge {
  return gaugeFix(arch, params, options, "canonicalGauge");
}

/** {@link canonicalGauge}, its messages prefixed with `where`. */
function gaugeFix(
  arch: Architecture,
  params: Params,
  options: CanonicalOptions,
  where: string,
): CanonicalGauge {
  checkParams(arch, params, where);
  checkOptions(options, { tol: "number?" }, where);
  const tol = options.tol ?? 1e-6;
  if (!(Number.isFinite(tol) && tol >= 0)) {
    throw new Error(`${where}: tol must be a finite number >= 0; got ${tol}`);
  }
  assertFiniteParams(params, where);
  const spec = permutationSpec(arch);
  const host = hostArrays(
    params,
    Object.keys(spec.axesToPerm).filter((n) => spec.axesToPerm[n].some((p) => p)),
  );
  const scales: Record<string, Float64Array> = {};
  const perms: Record<string, number[]> = {};
  for (const [p, group] of Object.entries(spec.groups)) {
    const keys: Float64Array[] = [];
    const scale = new Float64Array(group.size);
    for (let j = 0; j < group.size; j++) {
      const values: number[] = [];
      for (const [name, axis] of group.incoming) pushSlice(host[name], axis, j, values);
      if (group.bias) pushSlice(host[group.bias[0]], group.bias[1], j, values);
      const key = Float64Array.from(values);
      if (group.rescaleDegree !== null) {
        let sumSq = 0;
        for (let k = 0; k < key.length; k++) sumSq += key[k] * key[k];
        const norm = Math.sqrt(sumSq);
        scale[j] = norm > 0 ? 1 / norm : 1;
        for (let k = 0; k < key.length; k++) key[k] *= scale[j];
      }
      keys.push(key);
    }
    const perm = Array.from({ length: group.size }, (_, j) => j).sort((a, b) =>
      compareKeys(keys[a], keys[b], tol),
    );
    const degree = group.rescaleDegree;
    if (degree !== null) {
      scales[p] = scale;
      const inward: (readonly [string, number])[] = group.bias
        ? [...group.incoming, group.bias]
        : [...group.incoming];
      for (const [name, axis] of inward) scaleAlong(host[name], axis, scale, "mul");
      const outScale = degree === 1 ? scale : Float64Array.from(scale, (c) => c ** degree);
      for (const [name, axis] of group.outgoing) scaleAlong(host[name], axis, outScale, "div");
    }
    perms[p] = perm;
    for (const [name, axis] of spec.permToAxes[p]) host[name] = permuteAlong(host[name], axis, perm);
  }
  return { scales, perms };
}

/**
 * The canonical representative of `params`' gauge orbit: unit-norm incoming vectors (for groups with a
 * rescaling symmetry), then units sorted (see {@link canonicalGauge}). Two networks related by any
 * permutation and positive rescaling map to the same canonical parameters (up to float32 rounding, ~1e-6), and
 * the function is unchanged. Ties (duplicate units) and units with a zero incoming vector are where the
 * representative is not unique. For a group without rescaling symmetry (tanh) only the sort applies.
 *
 * @param arch the architecture; @param params its params.
 * @returns new parameters; the caller owns (disposes) them.
 * @throws as {@link canonicalGauge} (prefixed `canonicalize`), or as `rescale` when the rescaled weights would
 *   leave float32's range.
 */
export function canonicalize(arch: Architecture, params: Params, options: CanonicalOptions = {}): Params {
  const gauge = gaugeFix(arch, params, options, "canonicalize");
  const scaled = rescale(arch, params, gauge.scales);
  try {
    return permute(arch, scaled, gauge.perms);
  } finally {
    disposeParams(scaled);
  }
}

/** Lexicographic order with tolerance; ties broken by nothing (the sort is stable). */
function compareKeys(a: Float64Array, b: Float64Array, tol: number): number {
  for (let k = 0; k < a.length; k++) {
    const d = a[k] - b[k];
    if (Math.abs(d) > tol) return d;
  }
  return 0;
}
