import type { Patterns } from "./patterns";

/**
 * The convex ReLU program's smooth part for the augmented Lagrangian (Pilanci & Ergen 2020; scnn's AL):
 * variables x = [v_1..v_P, w_1..w_P, c] (each v_i, w_i in R^p; c the unpenalised output bias, if any),
 * prediction z = Σ_i D_i X (v_i − w_i) + c, and
 * `f(x) = ‖z − y‖²/n + (δ/2) Σ_i ‖max(γ_i/δ − (2D_i − I) X v_i, 0)‖² + (same for w_i with μ_i)`.
 * The cone constraints (2D_i − I) X v_i ≥ 0 say that D_i is v_i's own ReLU pattern. Host Float64 throughout.
 */
export class ReluProgram {
  readonly n: number;
  readonly p: number;
  readonly P: number;
  /** Length of x: 2·P·p, plus 1 with an intercept. */
  readonly dim: number;
  /** The penalty weight δ > 0. */
  delta: number;
  /** Multipliers γ (v branch, then μ for w), pattern-major ([2 · P · n]), ≥ 0. */
  readonly gamma: Float64Array;
  /** max(γ/δ − (2D − I)Xv, 0) at the last evaluation ([2 · P · n]). */
  private readonly q: Float64Array;
  /** z − y at the last evaluation ([n]). */
  readonly residual: Float64Array;
  private readonly s: Float64Array;

  constructor(
    readonly X: Float64Array,
    readonly y: Float64Array,
    readonly patterns: Patterns,
    readonly intercept: boolean,
    delta: number,
  ) {
    this.n = y.length;
    this.p = patterns.p;
    this.P = patterns.count;
    this.dim = 2 * this.P * this.p + (intercept ? 1 : 0);
    this.delta = delta;
    this.gamma = new Float64Array(2 * this.P * this.n);
    this.q = new Float64Array(2 * this.P * this.n);
    this.residual = new Float64Array(this.n);
    this.s = new Float64Array(this.n);
  }

  /** Writes X u ([n]) for the p numbers of x at `offset`. */
  private project(x: Float64Array, offset: number): Float64Array {
    const { n, p, X, s } = this;
    for (let k = 0; k < n; k++) {
      let t = 0;
      for (let j = 0; j < p; j++) t += X[k * p + j] * x[offset + j];
      s[k] = t;
    }
    return s;
  }

  /** The prediction z = Σ D_i X (v_i − w_i) + c ([n], fresh). */
  predict(x: Float64Array): Float64Array {
    const { n, p, P } = this;
    const z = new Float64Array(n).fill(this.intercept ? x[this.dim - 1] : 0);
    const masks = this.patterns.masks;
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < P; i++) {
        const s = this.project(x, (b * P + i) * p);
        for (let k = 0; k < n; k++) if (masks[i * n + k]) z[k] += b === 0 ? s[k] : -s[k];
      }
    }
    return z;
  }

  /** The constraint values (2D_i − I) X u for every block (v then w), pattern-major ([2 · P · n], fresh). */
  constraints(x: Float64Array): Float64Array {
    const { n, p, P } = this;
    const out = new Float64Array(2 * P * n);
    for (let blk = 0; blk < 2 * P; blk++) {
      const s = this.project(x, blk * p);
      const i = blk % P;
      for (let k = 0; k < n; k++) out[blk * n + k] = this.patterns.masks[i * n + k] ? s[k] : -s[k];
    }
    return out;
  }

  /** f(x) and, if asked, ∇f(x); also leaves the residual z − y in `residual`. */
  smooth(x: Float64Array, grad?: Float64Array): number {
    const { n, p, P, y, delta, gamma, q } = this;
    const masks = this.patterns.masks;
    const z = this.residual.fill(this.intercept ? x[this.dim - 1] : 0);
    let penalty = 0;
    for (let blk = 0; blk < 2 * P; blk++) {
      const s = this.project(x, blk * p);
      const i = blk % P;
      const sign = blk < P ? 1 : -1;
      for (let k = 0; k < n; k++) {
        const on = masks[i * n + k];
        if (on) z[k] += sign * s[k];
        const slack = gamma[blk * n + k] / delta - (on ? s[k] : -s[k]);
        const qk = slack > 0 ? slack : 0;
        q[blk * n + k] = qk;
        penalty += qk * qk;
      }
    }
    let loss = 0;
    for (let k = 0; k < n; k++) {
      z[k] -= y[k];
      loss += z[k] * z[k];
    }
    if (grad) this.gradient(grad);
    return loss / n + (delta / 2) * penalty;
  }

  /** ∇f from the residual and q of the last `smooth` call. */
  private gradient(grad: Float64Array): void {
    const { n, p, P, X, delta, q } = this;
    const masks = this.patterns.masks;
    const theta = this.s;
    for (let blk = 0; blk < 2 * P; blk++) {
      const i = blk % P;
      const sign = blk < P ? 1 : -1;
      for (let k = 0; k < n; k++) {
        const on = masks[i * n + k];
        theta[k] =
          (on ? (sign * 2 * this.residual[k]) / n : 0) - delta * (on ? q[blk * n + k] : -q[blk * n + k]);
      }
      for (let j = 0; j < p; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += X[k * p + j] * theta[k];
        grad[blk * p + j] = t;
      }
    }
    if (this.intercept) {
      let t = 0;
      for (let k = 0; k < n; k++) t += (2 * this.residual[k]) / n;
      grad[this.dim - 1] = t;
    }
  }

  /** The multiplier update γ ← max(γ − δ (2D − I) X u, 0) = δ q, from the last `smooth` call. */
  updateMultipliers(): void {
    for (let k = 0; k < this.gamma.length; k++) this.gamma[k] = this.delta * this.q[k];
  }

  /** The bytes of this program's typed arrays (masks, multipliers, residuals, data). */
  bytes(): number {
    return (
      this.patterns.masks.byteLength +
      this.gamma.byteLength +
      this.q.byteLength +
      this.X.byteLength +
      3 * 8 * this.n
    );
  }
}
