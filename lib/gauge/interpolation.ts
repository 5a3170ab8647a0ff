import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../core/check-options";
import { assertFiniteNetworks } from "../core/finite";
import { disposeParams, type Params } from "../core/params";
import { assertSameShapes } from "../core/same-shapes";

/** What an evaluation returns: the loss and, for classification, the accuracy (as `g.evaluate` does). */
export interface EvalPoint {
  readonly loss: number;
  readonly accuracy?: number;
}

/** Evaluates a network; must not keep or dispose `params` (the curve disposes them after the call). */
export type EvalFn = (params: Params) => EvalPoint;

/** Loss and accuracy along the straight line from network A (t = 0) to network B (t = 1). */
export interface InterpolationCurve {
  readonly t: number[];
  readonly loss: number[];
  /** Accuracy at each t, NaN where `evalFn` gave none. */
  readonly acc: number[];
}

/**
 * The point `(1 − t)·a + t·b` on the segment between two networks, parameter by parameter.
 *
 * @param a, b networks with the same parameter names and shapes; @param t usually in [0, 1].
 * @returns new parameters; the caller owns (disposes) them.
 * @throws when the architectures differ, `t` is not finite, or a param of `a` or `b` holds NaN or Inf
 *   (checked with one device sync).
 */
export function interpolate(a: Params, b: Params, t: number): Params {
  assertSameShapes(a, b, "interpolate");
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new Error(`interpolate: t must be a finite number; got ${t}`);
  }
  assertFiniteNetworks({ "network a": a, "network b": b }, "interpolate");
  return lerp(a, b, t);
}

/** `(1 − t)·a + t·b`, unchecked; the caller owns the result. */
function lerp(a: Params, b: Params, t: number): Params {
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const name of Object.keys(a)) out[name] = tf.add(tf.mul(a[name], 1 - t), tf.mul(b[name], t));
    return out;
  });
}

/**
 * Evaluates `evalFn` at `numPoints` evenly spaced t in [0, 1] (both ends included) on the segment from `a` to
 * `b`. Each interpolated network is disposed right after its evaluation.
 *
 * @param evalFn e.g. `(p) => g.evaluate(p, testSet, { loss: "softmaxCrossEntropy" })`.
 * @param numPoints at least 2 (default 25); use an odd number to include t = 0.5.
 * @returns plain arrays; no tensors.
 * @throws when the architectures differ, `evalFn` is not a function, `numPoints` < 2, a param of `a` or `b`
 *   holds NaN or Inf (the two ends are checked once, with one device sync, not at every point), or a loss is
 *   not finite.
 */
export function interpolationCurve(a: Params, b: Params, evalFn: EvalFn, numPoints = 25): InterpolationCurve {
  assertSameShapes(a, b, "interpolationCurve");
  if (typeof evalFn !== "function") {
    throw new Error(`interpolationCurve: evalFn must be a function (params) => { loss, accuracy? }`);
  }
  if (!Number.isInteger(numPoints) || numPoints < 2) {
    throw new Error(`interpolationCurve: numPoints must be an integer >= 2; got ${numPoints}`);
  }
  assertFiniteNetworks({ "network a": a, "network b": b }, "interpolationCurve");
  const curve: InterpolationCurve = { t: [], loss: [], acc: [] };
  for (let i = 0; i < numPoints; i++) {
    const t = i / (numPoints - 1);
    const params = lerp(a, b, t);
    let point: EvalPoint;
    try {
      point = evalFn(params);
    } finally {
      disposeParams(params);
    }
    if (!Number.isFinite(point.loss)) {
      throw new Error(`interpolationCurve: evalFn returned loss ${point.loss} at t = ${t}`);
    }
    curve.t.push(t);
    curve.loss.push(point.loss);
    curve.acc.push(point.accuracy ?? NaN);
  }
  return curve;
}

/**
 * The loss barrier of a curve (Git Re-Basin's definition): `max_t L((1−t)A + tB) − ((1−t)L(A) + t L(B))`,
 * the worst excess over the straight line between the end losses, over the sampled t. It is 0 when the loss
 * along the segment never rises above that line (linear mode connectivity) and never negative, since the ends
 * contribute 0.
 *
 * @param curve `t` from 0 to 1 (first and last entries) and the loss at each t.
 * @throws when `curve` is not `{ t, loss }` arrays, they are empty or of different lengths, the ends are not
 *   t = 0 and t = 1, t does not increase, or a t or loss is NaN or infinite (naming its index).
 */
export function lossBarrier(curve: Pick<InterpolationCurve, "t" | "loss">): number {
  const { t, loss } = (curve ?? {}) as Partial<typeof curve>;
  if (!Array.isArray(t) || !Array.isArray(loss)) {
    throw new Error(
      `lossBarrier: curve must be { t: number[], loss: number[] } (e.g. from interpolationCurve); got ` +
        describeValue(curve),
    );
  }
  if (t.length < 2 || t.length !== loss.length) {
    throw new Error(
      `lossBarrier: need t and loss of the same length >= 2; got ${t.length} and ${loss.length}`,
    );
  }
  if (t[0] !== 0 || t[t.length - 1] !== 1) {
    throw new Error(`lossBarrier: the curve must run from t = 0 to t = 1; got ${t[0]} to ${t[t.length - 1]}`);
  }
  for (let i = 0; i < t.length; i++) {
    if (i > 0 && !(t[i] > t[i - 1])) {
      throw new Error(
        `lossBarrier: t must increase from 0 to 1; t[${i}] = ${t[i]} follows t[${i - 1}] = ${t[i - 1]}`,
      );
    }
    if (!Number.isFinite(t[i]) || !Number.isFinite(loss[i])) {
      throw new Error(
        `lossBarrier: point ${i} has t = ${t[i]} and loss = ${loss[i]}; every t and loss must be finite ` +
          "(a NaN or Inf loss means the network there is not usable: check its weights)",
      );
    }
  }
  const [first, last] = [loss[0], loss[loss.length - 1]];
  let barrier = 0;
  t.forEach((ti, i) => (barrier = Math.max(barrier, loss[i] - ((1 - ti) * first + ti * last))));
  return barrier;
}
