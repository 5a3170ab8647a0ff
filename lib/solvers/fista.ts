/**
 * FISTA (accelerated proximal gradient) with backtracking line search and gradient-based restarts, on host
 * Float64 vectors. The step-size rules follow scnn's R-FISTA (Mishkin, Sahiner & Pilanci 2022): accept a step
 * η when `2η(f(w⁺) − f(v) − ⟨∇f(v), w⁺ − v⟩) ≤ ‖w⁺ − v‖²`, else shrink η by 0.8; grow η by 1.25 after a step
 * whose margin is over 5×; restart the momentum when `⟨w⁺ − w, v − w⁺⟩ > 0`.
 */

/** A smooth function: returns f(w) and, when `grad` is given, writes ∇f(w) into it (length = w's). */
export type SmoothFn = (w: Float64Array, grad?: Float64Array) => number;

/** A prox operator: writes `prox_{η·h}(point)` into `out` (length = point's). */
export type ProxFn = (point: Float64Array, step: number, out: Float64Array) => void;

/** What one FISTA run needs. */
export interface FistaProblem {
  /** The smooth part f. */
  readonly smooth: SmoothFn;
  /** The prox of the non-smooth part h. */
  readonly prox: ProxFn;
  /** The starting point (copied, not modified). */
  readonly w0: Float64Array;
  /**
   * Called every `checkEvery` iterations with the current iterate; return true to stop (e.g. when a duality
   * gap is small enough). Without it, FISTA stops when the relative change of w is below `tolerance`.
   */
  readonly stop?: (w: Float64Array, iteration: number) => boolean;
}

/** FISTA's knobs. */
export interface FistaOptions {
  /** Iteration budget (default 10000). */
  readonly maxIterations?: number;
  /** The first step size η (default 10, scnn's; backtracking shrinks it). */
  readonly step?: number;
  /** How often `stop` is called (default 10). */
  readonly checkEvery?: number;
  /** Used only without `stop`: stop when ‖w⁺ − w‖ ≤ tolerance · max(1, ‖w‖) (default 1e-10). */
  readonly tolerance?: number;
}

/** A FISTA run's outcome. */
export interface FistaResult {
  /** The last proximal iterate (a fresh array). */
  readonly w: Float64Array;
  /** Proximal-gradient iterations taken (each costs ≥ 1 gradient and ≥ 1 function evaluation). */
  readonly iterations: number;
  /** Gradient evaluations plus extra function evaluations spent in backtracking. */
  readonly evaluations: number;
  /** Whether `stop` (or the step tolerance) ended the run before the budget. */
  readonly stopped: boolean;
  /** The step size at the end, a warm start for a following run. */
  readonly step: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Minimises f(w) + h(w) by FISTA with backtracking and restarts.
 *
 * @returns the last iterate, its iteration count, and whether a stopping rule fired. Never throws for slow
 *   convergence: the caller reports `stopped === false` as "not converged".
 */
export function fista(problem: FistaProblem, options: FistaOptions = {}): FistaResult {
  const maxIterations = options.maxIterations ?? 10000;
  const checkEvery = options.checkEvery ?? 10;
  const tolerance = options.tolerance ?? 1e-10;
  let step = options.step ?? 10;
  const m = problem.w0.length;
  let w = Float64Array.from(problem.w0);
  const v = Float64Array.from(problem.w0);
  let next = new Float64Array(m);
  const grad = new Float64Array(m);
  const trial = new Float64Array(m);
  let t = 1;
  let evaluations = 0;
  let iteration = 0;
  while (iteration < maxIterations) {
    iteration++;
    const fv = problem.smooth(v, grad);
    evaluations++;
    let quad = 0;
    let sq = 0;
    for (;;) {
      for (let k = 0; k < m; k++) trial[k] = v[k] - step * grad[k];
      problem.prox(trial, step, next);
      const f1 = problem.smooth(next);
      evaluations++;
      let lin = 0;
      sq = 0;
      for (let k = 0; k < m; k++) {
        const s = next[k] - v[k];
        lin += grad[k] * s;
        sq += s * s;
      }
      quad = f1 - fv - lin;
      // Near the optimum, f(w⁺) − f(v) − ⟨∇f, s⟩ is lost in rounding; accept within f's rounding error.
      const slack = 1e-13 * Math.max(Math.abs(fv), Math.abs(f1));
      if (2 * step * (quad - slack) <= sq || step < 1e-300) break;
      step *= 0.8;
    }
    let change = 0;
    let restart = 0;
    for (let k = 0; k < m; k++) {
      const d = next[k] - w[k];
      change += d * d;
      restart += d * (v[k] - next[k]);
    }
    if (restart > 0) {
      t = 1;
      v.set(next);
    } else {
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = (t - 1) / tNext;
      for (let k = 0; k < m; k++) v[k] = next[k] + beta * (next[k] - w[k]);
      t = tNext;
    }
    [w, next] = [next, w];
    if (2 * step * quad * 5 <= sq) step *= 1.25;
    if (problem.stop) {
      if (iteration % checkEvery === 0 && problem.stop(w, iteration)) {
        return { w, iterations: iteration, evaluations, stopped: true, step };
      }
    } else if (Math.sqrt(change) <= tolerance * Math.max(1, Math.sqrt(dot(w, w)))) {
      return { w, iterations: iteration, evaluations, stopped: true, step };
    }
  }
  const stopped = problem.stop ? problem.stop(w, iteration) : false;
  return { w, iterations: iteration, evaluations, stopped, step };
}
