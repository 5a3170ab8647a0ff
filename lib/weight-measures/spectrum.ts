import * as tf from "@tensorflow/tfjs";
import { Matrix, SingularValueDecomposition } from "ml-matrix";

/**
 * The singular values of a matrix, descending, computed in float64 on the host (ml-matrix's SVD).
 *
 * @param M `[rows, cols]`, non-empty; a tensor is read (one device sync), not disposed.
 * @throws when M is not a non-empty 2-D tensor or holds NaN or ±Inf.
 */
export function singularValues(M: tf.Tensor): number[] {
  if (!(M instanceof tf.Tensor) || M.rank !== 2 || M.size === 0) {
    throw new Error(`singularValues: M must be a non-empty 2-D tensor; got shape [${M?.shape}]`);
  }
  const [rows, cols] = M.shape;
  const values = M.dataSync();
  const A = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      if (!Number.isFinite(v)) throw new Error(`singularValues: M[${i}, ${j}] is ${v}`);
      A.set(i, j, v);
    }
  }
  const svd = new SingularValueDecomposition(A, {
    autoTranspose: true,
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  });
  return [...svd.diagonal].sort((a, b) => b - a);
}

/** `‖M‖_F² / ‖M‖₂²` from singular values: between 1 (rank one) and the rank (a flat spectrum). 0 for M = 0. */
export function stableRank(sv: readonly number[]): number {
  const top = sv[0] ?? 0;
  if (!(top > 0)) return 0;
  return sv.reduce((s, x) => s + x * x, 0) / (top * top);
}

/**
 * The effective rank of Roy & Vetterli (2007), `exp(−Σ pᵢ log pᵢ)` with `pᵢ = σᵢ / Σσ`: between 1 and the rank,
 * counting the singular values that carry weight. 0 for M = 0.
 */
export function effectiveRank(sv: readonly number[]): number {
  const total = sv.reduce((s, x) => s + x, 0);
  if (!(total > 0)) return 0;
  let entropy = 0;
  for (const x of sv) if (x > 0) entropy -= (x / total) * Math.log(x / total);
  return Math.exp(entropy);
}
