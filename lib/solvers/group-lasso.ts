import type { Matrix } from "ml-matrix";
import { fista } from "./fista";
import { groupIndex, groupPenalty, groupProx, type GroupIndex } from "./groups";
import { columnSpanBasis, denseOperator, type DenseInput, type LinearOperator } from "./linear-operator";
import { dualBound } from "./dual-bound";

/**
 * A group Lasso `min_w ‖A w − y‖²/n + λ Σ_g ‖w_g‖₂`, on host Float64 data.
 *
 * Normalisation: the loss is the kit's `"mse"`, ‖r‖²/n. scnn (and most Lasso codes) minimise ‖r‖²/2n + λ'Σ‖w_g‖,
 * whose minimiser is this problem's with λ = 2λ'.
 */
export interface GroupLassoProblem {
  /** The design: n×m, as a row-major Float64Array, an ml-matrix `Matrix`, or a {@link LinearOperator}. */
  readonly A: DenseInput | LinearOperator;
  /** The targets ([n]). */
  readonly y: ArrayLike<number>;
  /** λ > 0, the group-ℓ1 weight. */
  readonly lambda: number;
  /** One label per column: the group's index, or −1 for an unpenalised column. Omitted: a plain Lasso. */
  readonly groups?: ArrayLike<number>;
  /** Adds an unpenalised intercept (a column of ones), returned as `intercept`. Default false. */
  readonly intercept?: boolean;
}

/** The solver's knobs. */
export interface GroupLassoOptions {
  /** Stop when gap ≤ tolerance · max(objective, 1e-12) (default 1e-6). */
  readonly tolerance?: number;
  /** Iteration budget (default 20000). */
  readonly maxIterations?: number;
  /** A warm start for w ([m], default zeros). */
  readonly w0?: ArrayLike<number>;
}

/** A group-Lasso solve. `converged` is false when the budget ran out first: then `w` is not optimal. */
export interface GroupLassoResult {
  /** The coefficients ([m], without the intercept). */
  readonly w: Float64Array;
  /** The intercept (0 without `intercept`). */
  readonly intercept: number;
  /** The primal objective at (w, intercept). */
  readonly objective: number;
  /** A certified lower bound on the optimum: a dual objective at a feasible dual point. */
  readonly lowerBound: number;
  /** objective − lowerBound ≥ 0, the duality gap. */
  readonly gap: number;
  readonly iterations: number;
  /** Data passes: products with A or Aᵀ, counting backtracking's extra evaluations. */
  readonly dataPasses: number;
  readonly converged: boolean;
}

function withIntercept(op: LinearOperator): LinearOperator {
  const m = op.cols;
  const inner = new Float64Array(m);
  return {
    rows: op.rows,
    cols: m + 1,
    apply(w, out) {
      op.apply(w.subarray(0, m), out);
      for (let i = 0; i < op.rows; i++) out[i] += w[m];
    },
    applyT(r, out) {
      op.applyT(r, inner);
      out.set(inner);
      let s = 0;
      for (let i = 0; i < op.rows; i++) s += r[i];
      out[m] = s;
    },
  };
}

function isOperator(A: GroupLassoProblem["A"]): A is LinearOperator {
  return typeof (A as LinearOperator).apply === "function" && !("to1DArray" in A);
}

/**
 * Solves a group Lasso by FISTA with backtracking and restarts, stopping on a certified duality gap.
 *
 * @returns w, the intercept, the objective, a dual lower bound and their gap, iterations, data passes, and
 *   whether it converged. All host arrays; nothing to dispose.
 * @throws when λ ≤ 0 or not finite, when A and y disagree on n, when `groups` is malformed, or y is not finite.
 */
export function solveGroupLasso(
  problem: GroupLassoProblem,
  options: GroupLassoOptions = {},
): GroupLassoResult {
  const where = "solveGroupLasso";
  const { lambda } = problem;
  if (typeof lambda !== "number" || !Number.isFinite(lambda) || lambda <= 0) {
    throw new Error(
      `${where}: lambda must be a finite number > 0 (for λ = 0 use least squares); got ${lambda}`,
    );
  }
  const y = Float64Array.from(problem.y);
  const n = y.length;
  if (n === 0 || y.some((v) => !Number.isFinite(v))) {
    throw new Error(`${where}: y must be a non-empty array of finite numbers`);
  }
  const base = isOperator(problem.A)
    ? problem.A
    : denseOperator(problem.A as Float64Array | Matrix, n, where);
  if (base.rows !== n)
    throw new Error(`${where}: A has ${base.rows} rows but y has ${n} entries; they must match`);
  const m = base.cols;
  const given = groupIndex(problem.groups, m, where);
  const op = problem.intercept ? withIntercept(base) : base;
  const labels = new Int32Array(op.cols).fill(-1);
  labels.set(given.labels);
  const index: GroupIndex = {
    labels,
    numGroups: given.numGroups,
    free: [...given.free, ...(problem.intercept ? [m] : [])],
  };
  const tolerance = options.tolerance ?? 1e-6;
  const w0 = new Float64Array(op.cols);
  if (options.w0) w0.set(Float64Array.from(options.w0).subarray(0, m));
  const residual = new Float64Array(n);
  const { basis } = columnSpanBasis(op, index.free);
  let passes = 0;
  const smooth = (w: Float64Array, grad?: Float64Array): number => {
    op.apply(w, residual);
    passes++;
    let s = 0;
    for (let i = 0; i < n; i++) {
      residual[i] -= y[i];
      s += residual[i] * residual[i];
    }
    if (grad) {
      for (let i = 0; i < n; i++) residual[i] *= 2 / n;
      op.applyT(residual, grad);
      passes++;
    }
    return s / n;
  };
  const evaluate = (w: Float64Array) => {
    const objective = smooth(w) + groupPenalty(w, index, lambda);
    const lowerBound = dualBound(op, residual, y, lambda, index, basis);
    return { objective, lowerBound, gap: objective - lowerBound };
  };
  const done = (w: Float64Array): boolean => {
    const e = evaluate(w);
    return e.gap <= tolerance * Math.max(e.objective, 1e-12);
  };
  const run = fista(
    { smooth, prox: (p, eta, out) => groupProx(p, eta * lambda, index, out), w0, stop: done },
    {
      maxIterations: options.maxIterations ?? 20000,
    },
  );
  const final = evaluate(run.w);
  return {
    w: run.w.slice(0, m),
    intercept: problem.intercept ? run.w[m] : 0,
    ...final,
    iterations: run.iterations,
    dataPasses: passes,
    converged: run.stopped,
  };
}
