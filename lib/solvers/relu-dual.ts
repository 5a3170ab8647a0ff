import { scaledDualValue } from "./dual-bound";
import { nnls } from "./nnls";
import type { Patterns } from "./patterns";

/**
 * The dual candidate θ = 2r/n from a residual r = z − y, centred when the net has a free output bias
 * (the dual then needs θ ⟂ 1). Returns a fresh [n].
 */
export function dualCandidate(residual: Float64Array, intercept: boolean): Float64Array {
  const n = residual.length;
  const theta = residual.map((r) => (2 / n) * r);
  if (intercept) {
    const mean = theta.reduce((a, b) => a + b, 0) / n;
    for (let k = 0; k < n; k++) theta[k] -= mean;
  }
  return theta;
}

/**
 * Each pattern's dual-constraint value for θ: max over its two blocks of min_{γ ≥ 0} ‖X̃ᵀ(±D_iθ − (2D_i − I)γ)‖
 * (a non-negative least squares, {@link nnls}). The Lagrange dual of the convex ReLU program is
 * `max −⟨θ, y⟩ − (n/4)‖θ‖²` over θ (⟂ 1 with an intercept) whose every score is ≤ λ; a score > λ marks a
 * pattern whose neurons would lower the objective.
 *
 * @param Xt X̃, n × p row-major. @returns [P] scores.
 */
export function dualScores(Xt: Float64Array, patterns: Patterns, theta: Float64Array): Float64Array {
  const { n, p, count } = patterns;
  const M = new Float64Array(p * n);
  const b = new Float64Array(p);
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    b.fill(0);
    for (let k = 0; k < n; k++) {
      const on = patterns.masks[i * n + k] === 1;
      for (let j = 0; j < p; j++) {
        M[j * n + k] = on ? Xt[k * p + j] : -Xt[k * p + j];
        if (on) b[j] += theta[k] * Xt[k * p + j];
      }
    }
    const plus = nnls(M, b, n).residual;
    const minus = nnls(
      M,
      b.map((v) => -v),
      n,
    ).residual;
    scores[i] = Math.max(plus, minus);
  }
  return scores;
}

/**
 * A certified lower bound on the convex ReLU program over `patterns`: θ and its best multipliers scaled together
 * onto the constraints (which keeps γ ≥ 0), at the best point of that ray. With every pattern present it bounds
 * every two-layer ReLU net's weight-decayed objective from below.
 */
export function reluLowerBound(
  theta: Float64Array,
  y: Float64Array,
  scores: Float64Array,
  lambda: number,
): number {
  let worst = 0;
  for (const s of scores) worst = Math.max(worst, s);
  return scaledDualValue(theta, y, worst > 0 ? lambda / worst : Infinity);
}
