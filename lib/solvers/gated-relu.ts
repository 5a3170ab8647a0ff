import { solveGroupLasso, type GroupLassoOptions, type GroupLassoResult } from "./group-lasso";
import type { LinearOperator } from "./linear-operator";
import type { Patterns } from "./patterns";
import { checkProgram, type ConvexProgram } from "./program-input";

/**
 * The operator u ↦ Σ_i D_i X̃ u_i ([P · p] → [n]) of the gated-ReLU program, never materialised: P·n·p
 * multiply-adds per product.
 */
export function gatedOperator(Xt: Float64Array, patterns: Patterns): LinearOperator {
  const { n, p, count: P, masks } = patterns;
  return {
    rows: n,
    cols: P * p,
    apply(u, out) {
      out.fill(0);
      for (let i = 0; i < P; i++) {
        for (let k = 0; k < n; k++) {
          if (!masks[i * n + k]) continue;
          let s = 0;
          for (let j = 0; j < p; j++) s += Xt[k * p + j] * u[i * p + j];
          out[k] += s;
        }
      }
    },
    applyT(r, out) {
      out.fill(0);
      for (let i = 0; i < P; i++) {
        for (let k = 0; k < n; k++) {
          if (!masks[i * n + k]) continue;
          for (let j = 0; j < p; j++) out[i * p + j] += Xt[k * p + j] * r[k];
        }
      }
    },
  };
}

/** A gated-ReLU solve: the group-Lasso result over u = [u_1..u_P], and the work it took. */
export interface GatedReluResult extends GroupLassoResult {
  /** Work in multiply-adds (data passes × P · n · p). */
  readonly multiplyAdds: number;
}

/**
 * Solves the convex gated-ReLU program `min ‖Σ_i D_i X̃ u_i + c − y‖²/n + λ Σ_i ‖u_i‖₂` (Pilanci & Ergen 2020;
 * Mishkin et al. 2022) by FISTA with backtracking and restarts and the group-ℓ1 prox, with a certified gap.
 * It is the ReLU program without the cone constraints and with u_i = v_i − w_i, so its optimum is ≤ the ReLU
 * program's. Its model x ↦ Σ_i 1[x̃ᵀg_i ≥ 0] x̃ᵀu_i is a gated net, not a ReLU net. scnn's λ is λ/2.
 *
 * @throws as the ReLU program's input checks (λ ≤ 0, mismatched X / y / patterns).
 */
export function solveGatedRelu(problem: ConvexProgram, options: GroupLassoOptions = {}): GatedReluResult {
  const input = checkProgram(problem, "solveGatedRelu");
  const A = gatedOperator(input.Xt, input.patterns);
  const groups = Int32Array.from({ length: A.cols }, (_, j) => Math.floor(j / input.patterns.p));
  const fit = solveGroupLasso(
    { A, y: input.y, lambda: input.lambda, groups, intercept: input.intercept },
    options,
  );
  return { ...fit, multiplyAdds: fit.dataPasses * A.cols * input.y.length };
}
