import { biasName, disposeParams, kernelName, layerSizes, type Params } from "../core/params";
import type { Perms } from "./perm";
import { permName } from "./permutation-spec";
import { permute } from "./permute";
import { rescale } from "./rescale";

/** Options for {@link canonicalGauge} and {@link canonicalize}. */
export interface CanonicalOptions {
  /**
   * Two key entries closer than this count as equal and the next entry decides the order (default 1e-6).
   * Keys are unit vectors, so this is an absolute tolerance on values of size at most 1.
   */
  readonly tol?: number;
}

/** The group element that takes a network to its canonical form: rescale by `scales`, then permute by `perms`. */
export interface CanonicalGauge {
  /** `scales[l][i]` multiplies neuron i's incoming weights and bias (original order), `[h_l]` each. */
  readonly scales: Float64Array[];
  /** `perms.P_l[i]` is the original index of canonical neuron i of hidden layer l. */
  readonly perms: Perms;
}

/**
 * Finds the gauge fix of an MLP, layer by layer from the input side:
 * 1. scale: each hidden neuron's incoming vector `[w_in; b]` (in the previous layer's canonical basis) gets unit
 *    norm, the scale moving to its outgoing weights; a neuron with zero incoming vector is left unscaled;
 * 2. permutation: neurons are sorted lexicographically by that unit vector (weights in the previous layer's
 *    canonical order, then the bias), so the key is invariant to every earlier permutation.
 * Computed in Float64 on the CPU. Reads `params` only; returns plain arrays (no tensors).
 *
 * @param params an MLP with positively homogeneous hidden activations (ReLU, leaky ReLU, linear).
 * @throws when `params` is not a well-formed MLP.
 */
export function canonicalGauge(params: Params, options: CanonicalOptions = {}): CanonicalGauge {
  const tol = options.tol ?? 1e-6;
  const sizes = layerSizes(params);
  const scales: Float64Array[] = [];
  const perms: Record<string, number[]> = {};
  let prevPerm: number[] = Array.from({ length: sizes[0] }, (_, i) => i);
  let prevScale = new Float64Array(sizes[0]).fill(1);
  for (let l = 0; l < sizes.length - 2; l++) {
    const [fanIn, width] = [sizes[l], sizes[l + 1]];
    const kernel = params[kernelName(l)].dataSync();
    const bias = params[biasName(l)].dataSync();
    const keys: Float64Array[] = [];
    const scale = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      const key = new Float64Array(fanIn + 1);
      // Row k of the canonical previous layer is original row prevPerm[k], times 1 / its scale.
      for (let k = 0; k < fanIn; k++) key[k] = kernel[prevPerm[k] * width + j] / prevScale[prevPerm[k]];
      key[fanIn] = bias[j];
      let sumSq = 0;
      for (let k = 0; k <= fanIn; k++) sumSq += key[k] * key[k];
      const norm = Math.sqrt(sumSq);
      scale[j] = norm > 0 ? 1 / norm : 1;
      for (let k = 0; k <= fanIn; k++) key[k] *= scale[j];
      keys.push(key);
    }
    const perm = Array.from({ length: width }, (_, j) => j).sort((a, b) =>
      compareKeys(keys[a], keys[b], tol),
    );
    scales.push(scale);
    perms[permName(l)] = perm;
    prevPerm = perm;
    prevScale = scale;
  }
  return { scales, perms };
}

/**
 * The canonical representative of `params`' gauge orbit: unit-norm incoming vectors, then neurons sorted (see
 * {@link canonicalGauge}). Two networks related by any permutation and positive rescaling map to the same
 * canonical parameters (up to float32 rounding, ~1e-6), and the function is unchanged.
 * Ties (duplicate neurons) and neurons with zero incoming vector are where the representative is not unique.
 *
 * @param params an MLP: `dense{l}/kernel [in, out]`, `dense{l}/bias [out]`.
 * @returns new parameters; the caller owns (disposes) them.
 */
export function canonicalize(params: Params, options: CanonicalOptions = {}): Params {
  const gauge = canonicalGauge(params, options);
  const scaled = rescale(params, gauge.scales);
  const canonical = permute(scaled, gauge.perms);
  disposeParams(scaled);
  return canonical;
}

/** Lexicographic order with tolerance; ties broken by nothing (the sort is stable). */
function compareKeys(a: Float64Array, b: Float64Array, tol: number): number {
  for (let k = 0; k < a.length; k++) {
    const d = a[k] - b[k];
    if (Math.abs(d) > tol) return d;
  }
  return 0;
}
