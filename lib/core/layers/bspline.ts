import * as tf from "@tensorflow/tfjs";
import type { LayerKind, LayerSpec } from "../layer-kind";
import { bsplineBasis, bsplineBasisDerivative } from "./bspline-basis";
import { checkRange, evenlySpaced, type KnotsOption, knotRows } from "./knots";

/**
 * A B-spline basis of degree k on a grid, per input coordinate (a Kolmogorov–Arnold layer's basis; the
 * coefficients are the readout above it). Each input's grid of G intervals is extended by k knots on each
 * side with the edge spacing, as pykan does, giving G + k basis functions of degree k (Cox–de Boor), ordered by
 * input, then basis. The layer's param `grid [inDim, G + 2k + 1]` is that extended knot vector.
 *
 * Inside the grid, (lo, hi], the basis sums to 1. Outside it, with `outside: "zero"` (pykan's behaviour and
 * the default) the basis decays through the extension to exactly 0 beyond lo − k·h and hi + k·h; with
 * `outside: "clamp"` inputs are clamped to [lo, hi] first, so the spline extends as a constant.
 *
 * Frozen by default; `frozen: false` trains the knots (through autodiff; their order is not enforced).
 */
export interface BSplineSpec extends LayerSpec {
  readonly kind: "bspline";
  /**
   * A number of intervals G (evenly over `range`, default 5 as in pykan), or the grid's sorted points: one list
   * shared by every input or one list per input (equal lengths).
   */
  readonly grid?: KnotsOption;
  /** Where a count of intervals is spread (default [−1, 1]). */
  readonly range?: readonly [number, number];
  /** The spline degree k ≥ 0 (default 3, cubic). */
  readonly degree?: number;
  /**
   * Extend the grid by `degree` knots on each side (default true). With false, the grid given is the whole
   * knot vector, which needs at least degree + 2 points.
   */
  readonly extend?: boolean;
  /** `"zero"` (default) or `"clamp"`: see {@link BSplineSpec}. */
  readonly outside?: "zero" | "clamp";
}

const degreeOf = (spec: BSplineSpec) => spec.degree ?? 3;

/** Each input's whole knot vector (the grid, extended unless `extend: false`), checked. */
export function bsplineKnots(spec: BSplineSpec, inDim: number, where = "bspline"): number[][] {
  const k = degreeOf(spec);
  if (!(Number.isInteger(k) && k >= 0)) throw new Error(`${where}: degree must be an integer ≥ 0; got ${k}`);
  const [lo, hi] = checkRange(spec.range ?? [-1, 1], where);
  const extend = spec.extend ?? true;
  if (typeof spec.grid === "number" && !extend) {
    throw new Error(
      `${where}: a count of intervals needs extend: true; give the whole knot vector as a list`,
    );
  }
  const fromCount = (G: number) => evenlySpaced(lo, hi, G + 1);
  const rows = knotRows(spec.grid ?? 5, inDim, fromCount, where, extend ? 2 : k + 2, "grid");
  if (rows.some((row) => row.length !== rows[0].length)) {
    throw new Error(
      `${where}: every input's grid must have the same number of points; got ${rows.map((r) => r.length)}`,
    );
  }
  if (!extend) return rows;
  return rows.map((row) => {
    const [h0, h1] = [row[1] - row[0], row[row.length - 1] - row[row.length - 2]];
    const left = Array.from({ length: k }, (_, i) => row[0] - (k - i) * h0);
    const right = Array.from({ length: k }, (_, i) => row[row.length - 1] + (i + 1) * h1);
    return [...left, ...row, ...right];
  });
}

/** The number of basis functions per input: the knots minus k + 1. */
const basisCount = (spec: BSplineSpec, inDim: number) =>
  bsplineKnots(spec, inDim)[0].length - degreeOf(spec) - 1;

/** Inputs clamped into each input's (lo, hi] when `outside: "clamp"`; otherwise `h` itself. */
function clampInputs(spec: BSplineSpec, grid: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  if ((spec.outside ?? "zero") === "zero") return h;
  const k = degreeOf(spec);
  const M = grid.shape[1];
  return tf.tidy(() => {
    const lo = tf.reshape(tf.slice(grid, [0, k], [-1, 1]), [1, -1]);
    const hi = tf.reshape(tf.slice(grid, [0, M - 1 - k], [-1, 1]), [1, -1]);
    // Broadcast the bounds to h's shape first: tfjs's gradients of minimum/maximum do not reduce a broadcast.
    const zeros = tf.zerosLike(h);
    const [floor, ceiling] = [tf.add(zeros, tf.add(lo, tf.mul(tf.sub(hi, lo), 1e-6))), tf.add(zeros, hi)];
    return tf.minimum(tf.maximum(h, floor), ceiling) as tf.Tensor2D;
  });
}

/** The B-spline kind (see {@link BSplineSpec}). */
export const bspline: LayerKind<BSplineSpec> = {
  kind: "bspline",
  options: {
    grid: "number|array?",
    range: "array?",
    degree: "number?",
    extend: "boolean?",
    outside: "string?",
  },
  check(spec, inDim, where) {
    if (spec.outside !== undefined && spec.outside !== "zero" && spec.outside !== "clamp") {
      throw new Error(`${where}: outside must be "zero" or "clamp"; got ${JSON.stringify(spec.outside)}`);
    }
    bsplineKnots(spec, inDim, where);
  },
  outDim: (spec, inDim) => inDim * basisCount(spec, inDim),
  paramShapes: (spec, inDim) => ({ grid: [inDim, bsplineKnots(spec, inDim)[0].length] }),
  prunable: [],
  frozenByDefault: true,
  init: (spec, inDim) => ({ grid: tf.tensor2d(bsplineKnots(spec, inDim)) }),
  forward(spec, p, h) {
    const grid = p.grid as tf.Tensor2D;
    return tf.tidy(() => {
      const B = bsplineBasis(clampInputs(spec, grid, h), grid, degreeOf(spec));
      return tf.reshape(B, [h.shape[0], -1]) as tf.Tensor2D;
    });
  },
  forwardTape(spec, p, h) {
    return { input: h, out: bspline.forward(spec, p, h) };
  },
  backward(spec, p, tape, dOut, wants) {
    const grid = p.grid as tf.Tensor2D;
    const grads: Record<string, tf.Tensor> = {};
    if (wants.params.includes("grid")) {
      const f = (x: tf.Tensor, g: tf.Tensor) => bspline.forward(spec, { grid: g }, x as tf.Tensor2D);
      const [dIn, dGrid] = tf.grads(f)([tape.input, grid], dOut);
      grads.grid = dGrid;
      if (wants.input) return { grads, dIn: dIn as tf.Tensor2D };
      dIn.dispose();
      return { grads };
    }
    if (!wants.input) return { grads };
    const dIn = tf.tidy(() => {
      const x = clampInputs(spec, grid, tape.input);
      const dB = bsplineBasisDerivative(x, grid, degreeOf(spec));
      const chain = tf.sum(tf.mul(tf.reshape(dOut, dB.shape), dB), 2) as tf.Tensor2D;
      if (x === tape.input) return chain;
      // Clamped inputs do not move the output.
      return tf.mul(chain, tf.cast(tf.equal(x, tape.input), "float32")) as tf.Tensor2D;
    });
    return { grads, dIn };
  },
  rescaleDegree: () => null,
};
