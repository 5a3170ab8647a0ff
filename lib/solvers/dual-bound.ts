import type { Matrix } from "ml-matrix";
import type { GroupIndex } from "./groups";
import type { LinearOperator } from "./linear-operator";

/**
 * A certified lower bound on `min_w ‖A w − y‖²/n + λ Σ_g ‖w_g‖₂` from the residual r = A w − y of any w.
 *
 * The dual is `max_θ −⟨θ, y⟩ − (n/4)‖θ‖²` over θ with A_Fᵀθ = 0 on the unpenalised columns F and
 * ‖A_gᵀθ‖ ≤ λ for every group. The candidate is θ = (2/n) r, projected off span(A_F) (`basis`, orthonormal
 * [n, k]), then scaled by the best c ∈ [0, λ / max_g ‖A_gᵀθ‖]; its dual value is a lower bound by weak duality.
 *
 * @param residual r ([n]); read, not modified.
 */
export function dualBound(
  op: LinearOperator,
  residual: Float64Array,
  y: Float64Array,
  lambda: number,
  index: GroupIndex,
  basis: Matrix,
): number {
  const n = residual.length;
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) theta[i] = (2 / n) * residual[i];
  for (let k = 0; k < basis.columns; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += basis.get(i, k) * theta[i];
    for (let i = 0; i < n; i++) theta[i] -= s * basis.get(i, k);
  }
  const corr = new Float64Array(op.cols);
  op.applyT(theta, corr);
  const sq = new Float64Array(index.numGroups);
  for (let j = 0; j < corr.length; j++) {
    const g = index.labels[j];
    if (g >= 0) sq[g] += corr[j] * corr[j];
  }
  let worst = 0;
  for (const s of sq) worst = Math.max(worst, Math.sqrt(s));
  return scaledDualValue(theta, y, worst > 0 ? lambda / worst : Infinity);
}

/**
 * max over c ∈ [0, cMax] of −c⟨θ, y⟩ − c²(n/4)‖θ‖², the dual objective along the ray through θ (the
 * squared-loss dual with ‖r‖²/n), for a θ that is dual-feasible at every c ≤ cMax.
 */
export function scaledDualValue(theta: Float64Array, y: Float64Array, cMax: number): number {
  const n = theta.length;
  let ty = 0;
  let tt = 0;
  for (let i = 0; i < n; i++) {
    ty += theta[i] * y[i];
    tt += theta[i] * theta[i];
  }
  if (tt === 0) return 0;
  const c = Math.min(cMax, Math.max(0, -ty / ((n / 2) * tt)));
  return -c * ty - c * c * (n / 4) * tt;
}
