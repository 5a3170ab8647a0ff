import { Matrix, solve } from "ml-matrix";

/**
 * Non-negative least squares `min_{γ ≥ 0} ‖b − M γ‖₂` by Lawson–Hanson's active set, for a short-and-wide M
 * (p × m with small p, as in the convex ReLU program's dual, where the optimum has at most p active columns).
 * Least-squares steps use ml-matrix's SVD solve.
 *
 * @param M p × m row-major ([p · m]); b [p].
 * @returns the residual norm ‖b − Mγ‖ and γ ([m], fresh).
 */
export function nnls(M: Float64Array, b: Float64Array, m: number): { residual: number; gamma: Float64Array } {
  const p = b.length;
  const gamma = new Float64Array(m);
  const r = Float64Array.from(b);
  const passive = new Set<number>();
  const tol = 1e-12 * Math.max(1, Math.hypot(...b));
  const residualFrom = (g: Float64Array) => {
    r.set(b);
    for (let j = 0; j < m; j++) if (g[j] !== 0) for (let k = 0; k < p; k++) r[k] -= M[k * m + j] * g[j];
  };
  for (let outer = 0; outer < 3 * m + 10; outer++) {
    let best = -1;
    let bestW = tol;
    for (let j = 0; j < m; j++) {
      if (passive.has(j)) continue;
      let w = 0;
      for (let k = 0; k < p; k++) w += M[k * m + j] * r[k];
      if (w > bestW) {
        bestW = w;
        best = j;
      }
    }
    if (best < 0) break;
    passive.add(best);
    for (let inner = 0; inner < m + 5; inner++) {
      const cols = [...passive];
      const A = new Matrix(p, cols.length);
      cols.forEach((j, c) => {
        for (let k = 0; k < p; k++) A.set(k, c, M[k * m + j]);
      });
      const z = solve(A, Matrix.columnVector(Array.from(b)), true).to1DArray();
      if (z.every((v) => v > 0)) {
        cols.forEach((j, c) => (gamma[j] = z[c]));
        break;
      }
      let alpha = 1;
      cols.forEach((j, c) => {
        if (z[c] <= 0) alpha = Math.min(alpha, gamma[j] / (gamma[j] - z[c]));
      });
      cols.forEach((j, c) => {
        gamma[j] += alpha * (z[c] - gamma[j]);
        if (gamma[j] <= 1e-15) {
          gamma[j] = 0;
          passive.delete(j);
        }
      });
    }
    residualFrom(gamma);
  }
  residualFrom(gamma);
  return { residual: Math.hypot(...r), gamma };
}
