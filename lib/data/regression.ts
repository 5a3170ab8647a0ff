import * as tf from "@tensorflow/tfjs";
import { type Architecture, layerSizes } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { forward } from "../core/forward";
import { initParams } from "../core/init";
import type { InitKind } from "../core/init-kernel";
import type { Params } from "../core/params";
import { deriveSeed, normalArray, Rng } from "../core/rng";
import { type Dataset, regressionDataset } from "./dataset";
import { checkSeedNoise } from "./synthetic-2d";

/** A knot `[x, y]` of a piecewise-linear target. */
export type Knot = readonly [number, number];

/** The piecewise-linear function through `knots` (sorted by x) at `x`, constant beyond the ends. */
export function interpolateKnots(knots: readonly Knot[], x: number): number {
  if (x <= knots[0][0]) return knots[0][1];
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i];
    if (x <= x1) {
      const [x0, y0] = knots[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1][1];
}

/**
 * 1-D regression: `y = f(x) + noise` where `f` is the linear spline through the chosen `knots`, with `x`
 * uniform on the knots' range (or on an even grid with `grid: true`). Inputs `[n, 1]`, targets `[n, 1]`.
 *
 * @throws when there are fewer than 2 knots or their x are not strictly increasing.
 */
export function regression1d(options: {
  readonly knots: readonly Knot[];
  readonly n: number;
  readonly seed: number;
  readonly noise?: number;
  readonly grid?: boolean;
}): Dataset {
  const shape = { knots: "array", n: "number", seed: "number", noise: "number?", grid: "boolean?" };
  checkOptions(options, shape, "regression1d");
  const { knots, n, seed, noise = 0, grid = false } = options;
  checkSeedNoise(seed, noise, "regression1d");
  const finitePair = (k: unknown) =>
    Array.isArray(k) && k.length === 2 && Number.isFinite(k[0]) && Number.isFinite(k[1]);
  const bad = knots.findIndex((k) => !finitePair(k));
  if (bad >= 0) throw new Error(`regression1d: knots[${bad}] must be a pair [x, y] of finite numbers`);
  if (knots.length < 2 || knots.some((k, i) => i > 0 && !(k[0] > knots[i - 1][0]))) {
    throw new Error("regression1d: give ≥ 2 knots [x, y] with strictly increasing x");
  }
  if (!Number.isInteger(n) || n < 1) throw new Error(`regression1d: n must be a positive integer; got ${n}`);
  const rng = new Rng(deriveSeed(seed, "regression1d"));
  const [lo, hi] = [knots[0][0], knots[knots.length - 1][0]];
  const X = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = grid ? (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)) : rng.uniform(lo, hi);
    y[i] = interpolateKnots(knots, X[i]) + (noise ? rng.normal(0, noise) : 0);
  }
  return regressionDataset(`regression1d(${knots.length} knots, n=${n}, seed=${seed})`, X, y, 1, 1);
}

/**
 * Teacher–student data: inputs `X ~ N(0, 1)` `[n, inDim]` and targets `y = teacher(X) + noise`, where the
 * teacher is a network of architecture `arch` drawn from `seed`. A student trained on it can be compared to the
 * teacher.
 *
 * @returns `{ data, teacher }`; the caller owns (disposes) `teacher`.
 * @throws on an unknown or mistyped option (e.g. the pre-redesign `sizes`: pass `arch: mlp(sizes)`).
 */
export function teacherStudent(options: {
  readonly arch: Architecture;
  readonly n: number;
  readonly seed: number;
  readonly noise?: number;
  readonly init?: InitKind;
}): { data: Dataset; teacher: Params } {
  checkOptions(options, { arch: "object", n: "number", seed: "number", noise: "number?", init: "string?" }, "teacherStudent");
  const { arch, n, seed, noise = 0 } = options;
  checkSeedNoise(seed, noise, "teacherStudent");
  const sizes = layerSizes(arch);
  if (!Number.isInteger(n) || n < 1) throw new Error(`teacherStudent: n must be a positive integer; got ${n}`);
  const teacher = initParams(arch, { seed: deriveSeed(seed, "teacher"), init: options.init ?? "heNormal" });
  const inDim = sizes[0];
  const outDim = sizes[sizes.length - 1];
  const X = normalArray(n * inDim, deriveSeed(seed, "teacher/X"));
  const y = tf.tidy(() => forward(arch, teacher, tf.tensor2d(X, [n, inDim])).dataSync()) as Float32Array;
  if (noise) {
    const eps = normalArray(y.length, deriveSeed(seed, "teacher/noise"), 0, noise);
    for (let i = 0; i < y.length; i++) y[i] += eps[i];
  }
  return { data: regressionDataset(`teacherStudent([${sizes}], n=${n}, seed=${seed})`, X, y, inDim, outDim), teacher };
}
