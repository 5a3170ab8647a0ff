import { Matrix, determinant } from "ml-matrix";

/**
 * The generalised cross product of p − 1 vectors in R^p (the Hodge star of their wedge product): component k
 * is (−1)^k det(M without column k), M the (p − 1) × p matrix of the vectors as rows. It is orthogonal to every
 * row, and its norm is the (p − 1)-volume of their parallelotope. For p = 2 it is the 90° rotation
 * (a, b) ↦ (b, −a) of the single row... up to the sign convention below; for p = 3 the usual a × b.
 *
 * @param rows (p − 1) × p, row-major ([(p − 1) · p]).
 * @param p the dimension, ≥ 2.
 * @returns a fresh [p] array.
 */
export function crossProduct(rows: ArrayLike<number>, p: number): Float64Array {
  if (!Number.isInteger(p) || p < 2 || rows.length !== (p - 1) * p) {
    throw new Error(
      `crossProduct: expected p − 1 = ${p - 1} rows of length p = ${p}; got ${rows.length} numbers`,
    );
  }
  const out = new Float64Array(p);
  if (p === 2) {
    out[0] = rows[1];
    out[1] = -rows[0];
    return out;
  }
  if (p === 3) {
    out[0] = rows[1] * rows[5] - rows[2] * rows[4];
    out[1] = -(rows[0] * rows[5] - rows[2] * rows[3]);
    out[2] = rows[0] * rows[4] - rows[1] * rows[3];
    return out;
  }
  for (let k = 0; k < p; k++) {
    const minor = new Matrix(p - 1, p - 1);
    for (let i = 0; i < p - 1; i++) {
      for (let j = 0, c = 0; j < p; j++) if (j !== k) minor.set(i, c++, rows[i * p + j]);
    }
    out[k] = (k % 2 === 0 ? 1 : -1) * determinant(minor);
  }
  return out;
}

/** A hyperplane {x : vᵀx + b = 0} in R^d, with ‖v‖ = 1 (or v = 0 when the points are degenerate). */
export interface Hyperplane {
  readonly v: Float64Array;
  readonly b: number;
}

/**
 * The hyperplane through d points of R^d (Pilanci 2023): v is the generalised cross product of the differences
 * x_{i₁} − x_{i_d}, …, x_{i_{d−1}} − x_{i_d}, and b = −x_{i_d}·v, normalised so ‖v‖ = 1.
 *
 * @param points d × d, row-major ([d · d]), one point per row.
 * @returns v = 0, b = 0 when the points are affinely dependent (no unique hyperplane).
 */
export function hyperplaneThrough(points: ArrayLike<number>, d: number): Hyperplane {
  if (!Number.isInteger(d) || d < 1 || points.length !== d * d) {
    throw new Error(
      `hyperplaneThrough: expected d = ${d} points of dimension d; got ${points.length} numbers`,
    );
  }
  if (d === 1) return { v: Float64Array.of(1), b: -points[0] };
  const last = (d - 1) * d;
  const diffs = new Float64Array((d - 1) * d);
  for (let i = 0; i < d - 1; i++)
    for (let k = 0; k < d; k++) diffs[i * d + k] = points[i * d + k] - points[last + k];
  const v = crossProduct(diffs, d);
  const norm = Math.hypot(...v);
  const scale = Number.isFinite(norm) && norm > 1e-12 ? 1 / norm : 0;
  let b = 0;
  for (let k = 0; k < d; k++) {
    v[k] *= scale;
    b -= points[last + k] * v[k];
  }
  return { v, b };
}
