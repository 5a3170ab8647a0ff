import { hyperplaneThrough } from "./cross-product";
import { solveGroupLasso, type GroupLassoOptions, type GroupLassoResult } from "./group-lasso";
import type { TwoLayerNet } from "./two-layer";
import { subsets } from "./subsets";

/** Candidate neurons: unit-normal hyperplanes through d data points, both orientations. */
export interface ClosedFormCandidates {
  /** Normals, one per candidate ([m · d], ‖v_j‖ = 1). */
  readonly v: Float64Array;
  /** Biases ([m]). */
  readonly b: Float64Array;
  /** The d data indices each hyperplane passes through ([m · d]). */
  readonly through: Int32Array;
}

/**
 * Every hyperplane through d of the n points (Pilanci 2023): the generalised cross product of their
 * differences (hyperplaneThrough), in both orientations, with the bias shifted by +shift so the d points
 * themselves count as active (ties at data points). 2·C(n, d) candidates: for d = 2, n(n − 1).
 *
 * @param X n × d row-major. @throws when C(n, d) exceeds `maxCandidates` (default 200,000), naming the count.
 */
export function closedFormCandidates(
  X: ArrayLike<number>,
  d: number,
  shift = 1e-9,
  maxCandidates = 200000,
): ClosedFormCandidates {
  const n = X.length / d;
  let count = 1;
  for (let i = 0; i < d; i++) count = (count * (n - i)) / (i + 1);
  if (2 * count > maxCandidates) {
    throw new Error(
      `closedFormCandidates: n = ${n} points in d = ${d} give ${(2 * count).toPrecision(3)} candidate neurons ` +
        `(more than ${maxCandidates}); use fewer points or sample patterns (samplePatterns) instead`,
    );
  }
  const v: number[] = [];
  const b: number[] = [];
  const through: number[] = [];
  const pts = new Float64Array(d * d);
  for (const rows of subsets(n, d)) {
    rows.forEach((r, i) => {
      for (let k = 0; k < d; k++) pts[i * d + k] = X[r * d + k];
    });
    const h = hyperplaneThrough(pts, d);
    if (h.v.every((x) => x === 0)) continue;
    for (const s of [1, -1]) {
      v.push(...h.v.map((x) => s * x));
      b.push(s * h.b + shift);
      through.push(...rows);
    }
  }
  return { v: Float64Array.from(v), b: Float64Array.from(b), through: Int32Array.from(through) };
}

/** A closed-form fit: the Lasso over the candidates' ReLU features, and the net it is. */
export interface ClosedFormResult extends GroupLassoResult {
  readonly candidates: ClosedFormCandidates;
  /** The neurons with non-zero readout, balanced (‖u_j‖ = |α_j|, b scaled with u). */
  readonly net: TwoLayerNet;
  /** For each neuron of `net`, the index of its candidate. */
  readonly used: Int32Array;
}

/**
 * The closed-form two-layer net: candidate neurons through d data points, then an ℓ1 readout
 * `min ‖Σ_j c_j relu(v_jᵀx + b_j) + c₀ − y‖²/n + λ Σ_j |c_j|`. With ‖v_j‖ = 1 this is the weight-decayed
 * objective `mse + (λ/2) Σ (‖u_j‖² + α_j²)` (hidden biases free) restricted to those neurons; in d = 1 it is the
 * hinge Lasso, which is exact.
 *
 * @throws as {@link closedFormCandidates} and {@link solveGroupLasso} (λ ≤ 0, X and y mismatched).
 */
export function closedFormNet(
  X: ArrayLike<number>,
  d: number,
  y: ArrayLike<number>,
  lambda: number,
  options: GroupLassoOptions = {},
): ClosedFormResult {
  const n = y.length;
  if (X.length !== n * d) {
    throw new Error(
      `closedFormNet: X must be n × d with n = y.length = ${n}, d = ${d}; got ${X.length} numbers`,
    );
  }
  const candidates = closedFormCandidates(X, d);
  const m = candidates.b.length;
  const A = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let z = candidates.b[j];
      for (let k = 0; k < d; k++) z += candidates.v[j * d + k] * X[i * d + k];
      A[i * m + j] = z > 0 ? z : 0;
    }
  }
  const fit = solveGroupLasso({ A, y, lambda, intercept: true }, options);
  const used = [...fit.w.keys()].filter((j) => fit.w[j] !== 0);
  const scale = used.map((j) => Math.sqrt(Math.abs(fit.w[j])));
  const net: TwoLayerNet = {
    inDim: d,
    u: Float64Array.from(
      used.flatMap((j, k) => Array.from(candidates.v.subarray(j * d, (j + 1) * d), (x) => x * scale[k])),
    ),
    b: Float64Array.from(used.map((j, k) => candidates.b[j] * scale[k])),
    alpha: Float64Array.from(used.map((j, k) => Math.sign(fit.w[j]) * scale[k])),
    c: fit.intercept,
  };
  return { ...fit, candidates, net, used: Int32Array.from(used) };
}
