import { solveGroupLasso, type GroupLassoOptions, type GroupLassoResult } from "./group-lasso";
import type { TwoLayerNet } from "./two-layer";

/**
 * The 1-D ReLU hinge dictionary at the data points: features relu(x − t_j) and relu(t_j − x) for each
 * distinct data value t_j, leaving out the two that vanish on every data point. A Lasso over these columns
 * with an unpenalised intercept is the weight-decayed two-layer ReLU net on (x, y), hidden biases unpenalised
 * (Savarese et al. 2019; Pilanci & Ergen 2020): a hinge c·relu(±(x − t)) is a neuron with |u| = |α| = √|c|,
 * whose penalty (λ/2)(u² + α²) is λ|c|. A knot between two data points costs the same as two knots at them.
 */
export interface HingeDictionary {
  /** The features, n × m row-major. */
  readonly A: Float64Array;
  /** Each column's knot t_j ([m]). */
  readonly knots: Float64Array;
  /** Each column's direction: +1 for relu(x − t), −1 for relu(t − x) ([m]). */
  readonly signs: Int8Array;
}

/**
 * Builds the hinge dictionary of 1-D data.
 *
 * @param x the inputs ([n], finite).
 * @throws when x is empty or has a non-finite entry.
 */
export function hingeDictionary(x: ArrayLike<number>): HingeDictionary {
  const n = x.length;
  if (n === 0 || Array.from(x).some((v) => !Number.isFinite(v))) {
    throw new Error("hingeDictionary: x must be a non-empty array of finite numbers");
  }
  const sorted = [...new Set(Array.from(x))].sort((a, b) => a - b);
  const knots: number[] = [];
  const signs: number[] = [];
  sorted.forEach((t, j) => {
    if (j < sorted.length - 1) {
      knots.push(t);
      signs.push(1);
    }
    if (j > 0) {
      knots.push(t);
      signs.push(-1);
    }
  });
  const m = knots.length;
  const A = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) A[i * m + j] = Math.max(0, signs[j] * (x[i] - knots[j]));
  }
  return { A, knots: Float64Array.from(knots), signs: Int8Array.from(signs) };
}

/**
 * The balanced two-layer ReLU net of 1-D hinges `Σ_j c_j relu(s_j(x − t_j)) + c₀` (Pilanci & Ergen's
 * recovery): each hinge with c_j ≠ 0 becomes a neuron with `u = s√|c|`, `b = −s·t·√|c|`, `α = sign(c)√|c|`, so
 * its penalty `(λ/2)(u² + α²)` is `λ|c|` and the net's weight-decayed objective equals the Lasso's.
 *
 * @param coefficients c ([m]); knots t ([m]); signs s ([m], ±1); intercept c₀.
 * @returns a net of width = the number of non-zero coefficients.
 */
export function hingeNet(
  coefficients: ArrayLike<number>,
  knots: ArrayLike<number>,
  signs: ArrayLike<number>,
  intercept: number,
): TwoLayerNet {
  const used = Array.from(coefficients, (c, j) => ({ c, s: signs[j], t: knots[j] })).filter(
    ({ c }) => c !== 0,
  );
  const root = used.map(({ c }) => Math.sqrt(Math.abs(c)));
  return {
    inDim: 1,
    u: Float64Array.from(used, ({ s }, k) => s * root[k]),
    b: Float64Array.from(used, ({ s, t }, k) => -s * t * root[k]),
    alpha: Float64Array.from(used, ({ c }, k) => Math.sign(c) * root[k]),
    c: intercept,
  };
}

/** A 1-D hinge-Lasso fit: the group-Lasso result plus its dictionary and the equivalent network. */
export interface HingeLassoResult extends GroupLassoResult {
  readonly dictionary: HingeDictionary;
  /** The non-zero hinges as a balanced two-layer net (|u_j| = |α_j|), width = number of knots used. */
  readonly net: TwoLayerNet;
}

/**
 * Solves the 1-D weight-decayed two-layer ReLU net exactly, as a Lasso over hinges at the data points:
 * `min ‖Σ_j c_j relu(s_j(x − t_j)) + c₀ − y‖²/n + λ Σ_j |c_j|`, which equals
 * `min mse + (λ/2) Σ_j (u_j² + α_j²)` over nets of any width ≥ the number of knots (biases unpenalised).
 * With scnn's ‖r‖²/2n loss the same fit needs λ_scnn = λ/2.
 *
 * @param x inputs ([n]); y targets ([n]); lambda λ > 0.
 * @throws as {@link solveGroupLasso}, and when x and y differ in length.
 */
export function hingeLasso(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  lambda: number,
  options: GroupLassoOptions = {},
): HingeLassoResult {
  if (x.length !== y.length) {
    throw new Error(`hingeLasso: x and y must have the same length; got ${x.length} and ${y.length}`);
  }
  const dictionary = hingeDictionary(x);
  const fit = solveGroupLasso({ A: dictionary.A, y, lambda, intercept: true }, options);
  return { ...fit, dictionary, net: hingeNet(fit.w, dictionary.knots, dictionary.signs, fit.intercept) };
}
