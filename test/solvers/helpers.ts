import { Matrix, QrDecomposition, solve } from "ml-matrix";
import { Rng } from "../../lib/core/rng";

/** n × m standard normal entries, row-major, from a seed. */
export function gaussianMatrix(n: number, m: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * m }, () => rng.normal());
}

/** n standard normal numbers from a seed. */
export function gaussianVector(n: number, seed: number): Float64Array {
  return gaussianMatrix(n, 1, seed);
}

/** √n · Q for a random n × m Q with orthonormal columns, so AᵀA/n = I (row-major). */
export function orthogonalDesign(n: number, m: number, seed: number): Float64Array {
  const G = new Matrix(
    Array.from({ length: n }, (_, i) => Array.from(gaussianMatrix(n, m, seed).subarray(i * m, (i + 1) * m))),
  );
  const Q = new QrDecomposition(G).orthogonalMatrix.subMatrix(0, n - 1, 0, m - 1);
  return Float64Array.from(Q.to1DArray()).map((v) => v * Math.sqrt(n));
}

/** ‖Aw − y‖²/n + λ‖w‖₁ for a row-major A. */
export function lassoObjective(A: Float64Array, y: Float64Array, w: Float64Array, lambda: number): number {
  const n = y.length;
  const m = w.length;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let s = -y[i];
    for (let j = 0; j < m; j++) s += A[i * m + j] * w[j];
    loss += s * s;
  }
  return loss / n + lambda * w.reduce((a, v) => a + Math.abs(v), 0);
}

/**
 * The exact Lasso optimum by enumeration: for every support S and sign vector s, the stationary point
 * w_S = (A_SᵀA_S)⁻¹(A_Sᵀy − (nλ/2)s); the best sign-consistent one (or w = 0) is the optimum.
 */
export function bruteForceLasso(A: Float64Array, y: Float64Array, m: number, lambda: number): number {
  const n = y.length;
  let best = lassoObjective(A, y, new Float64Array(m), lambda);
  for (let mask = 1; mask < 1 << m; mask++) {
    const S = [...Array(m).keys()].filter((j) => mask & (1 << j));
    for (let signs = 0; signs < 1 << S.length; signs++) {
      const s = S.map((_, k) => (signs & (1 << k) ? 1 : -1));
      const AS = new Matrix(n, S.length);
      S.forEach((j, k) => {
        for (let i = 0; i < n; i++) AS.set(i, k, A[i * m + j]);
      });
      const rhs = AS.transpose().mmul(Matrix.columnVector(Array.from(y)));
      s.forEach((sk, k) => rhs.set(k, 0, rhs.get(k, 0) - (n * lambda * sk) / 2));
      const wS = solve(AS.transpose().mmul(AS), rhs);
      if (S.some((_, k) => Math.sign(wS.get(k, 0)) !== s[k])) continue;
      const w = new Float64Array(m);
      S.forEach((j, k) => (w[j] = wS.get(k, 0)));
      best = Math.min(best, lassoObjective(A, y, w, lambda));
    }
  }
  return best;
}
