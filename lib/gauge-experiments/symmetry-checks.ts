import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { canonicalGauge, canonicalize } from "../gauge/canonical-form";
import { gaugeDistance, matchedDistance, naiveDistance } from "../gauge/gauge-distance";
import { permutationSpec } from "../gauge/permutation-spec";
import { permute } from "../gauge/permute";
import { randomPerms, randomScales } from "../gauge/random-group";
import { rescale } from "../gauge/rescale";
import { forward } from "../core/forward";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed, normalArray } from "../core/rng";

/** One row of {@link invarianceTable} (a type alias, so tables accept it as a record). */
export type InvarianceRow = {
  readonly transform: string;
  /** `‖θ' − θ‖`: how far the transform moved the parameters. */
  readonly paramDistance: number;
  /** `max |f_θ'(X) − f_θ(X)|` over the batch and outputs. */
  readonly maxAbsOutputDiff: number;
  /** `max |f_θ(X)|`, for scale. */
  readonly maxAbsOutput: number;
};

/**
 * A random point on the orbit of `params`: per-neuron scales log-uniform in `range`, then a uniform random
 * permutation of every hidden layer, both from `seed`. It computes the same function as `params`.
 *
 * @param arch, params a network whose groups all have a rescaling symmetry (read only).
 * @param range `[lo, hi]` with 0 < lo ≤ hi (default [0.5, 2]).
 * @returns new params; the caller owns (disposes) them.
 */
export function randomOrbitPoint(
  arch: Architecture,
  params: Params,
  seed: number,
  range: readonly [number, number] = [0.5, 2],
): Params {
  const scaled = rescale(arch, params, randomScales(arch, deriveSeed(seed, "scales"), range));
  const moved = permute(arch, scaled, randomPerms(permutationSpec(arch), deriveSeed(seed, "perms")));
  disposeParams(scaled);
  return moved;
}

/** `params` plus a seeded Gaussian direction of norm `distance`; the caller owns the result. */
function randomStep(params: Params, distance: number, seed: number): Params {
  const noise = Object.entries(params).map(([name, t]) => normalArray(t.size, deriveSeed(seed, name)));
  const norm = Math.sqrt(noise.reduce((s, v) => s + v.reduce((a, x) => a + x * x, 0), 0));
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    Object.entries(params).forEach(([name, t], i) => {
      out[name] = tf.add(t, tf.mul(tf.tensor(noise[i], t.shape), distance / norm));
    });
    return out;
  });
}

/**
 * Checks numerically that the gauge group leaves the function unchanged: applies a random permutation, a random
 * rescaling (log-uniform in `range`), both, and the canonical form to `params`, and reports how far each moved
 * the parameters and how much the outputs on `X` changed. A control row moves the parameters as far as the
 * permutation did, in a random direction: the same distance, a different function.
 *
 * @param arch, params a network with positively homogeneous hidden units, e.g. a ReLU MLP (read only).
 * @param X inputs `[batch, inDim]`.
 * @returns one row per transform; no tensors.
 */
export function invarianceTable(
  arch: Architecture,
  params: Params,
  X: tf.Tensor2D,
  seed: number,
  range: readonly [number, number] = [0.25, 4],
): InvarianceRow[] {
  const spec = permutationSpec(arch);
  const perms = randomPerms(spec, deriveSeed(seed, "perms"));
  const scales = randomScales(arch, deriveSeed(seed, "scales"), range);
  const permuted = permute(arch, params, perms);
  const permDistance = naiveDistance(params, permuted);
  const rescaled = rescale(arch, params, scales);
  const transforms: [string, Params][] = [
    ["permute", permuted],
    [`rescale (c in [${range}])`, rescaled],
    ["rescale, then permute", permute(arch, rescaled, perms)],
    ["canonical form", canonicalize(arch, params)],
    ["control: random step as long as permute's", randomStep(params, permDistance, deriveSeed(seed, "step"))],
  ];
  const yHat = forward(arch, params, X);
  const maxAbsOutput = tf.tidy(() => tf.max(tf.abs(yHat)).dataSync()[0]);
  const rows = transforms.map(([transform, moved]) => {
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(forward(arch, moved, X), yHat))).dataSync()[0]);
    return { transform, paramDistance: naiveDistance(params, moved), maxAbsOutputDiff: diff, maxAbsOutput };
  });
  yHat.dispose();
  transforms.forEach(([, moved]) => disposeParams(moved));
  return rows;
}

/** One row of {@link orbitDistances}: three distances, all between unit-norm forms (one normalisation). */
export type OrbitDistanceRow = {
  readonly pair: string;
  /** `‖u(a) − u(b)‖`, where `u` rescales every hidden neuron to unit incoming norm `‖[w_in; b]‖ = 1`. */
  readonly unitNorm: number;
  /** `‖κ(a) − κ(b)‖`: the unit-norm forms with neurons sorted as well (the canonical form). */
  readonly canonical: number;
  /** `‖u(a) − π(u(b))‖` with `π` from weight matching `u(b)` onto `u(a)`. */
  readonly matched: number;
};

/** `params` with every hidden neuron rescaled to unit incoming norm (as `canonicalize`, unsorted). */
function unitNorm(arch: Architecture, params: Params): Params {
  return rescale(arch, params, canonicalGauge(arch, params).scales);
}

/**
 * Distances with and without the gauge fixed, for a random orbit point of `a` (same function) and for `b`
 * (e.g. a network trained apart). Every column compares unit-norm forms (each hidden neuron's incoming
 * `[w_in; b]` scaled to norm 1, the scale moved into its outgoing weights), so the columns differ only in how
 * the neurons are ordered: as they are, sorted by the canonical rule, or weight-matched. On an orbit the
 * canonical and matched distances are ~0 however far apart the points are.
 *
 * @param arch, a, b two networks of architecture `arch` (read only). @param seed of the random group element.
 * @returns two rows: `a` vs `g·a`, and `a` vs `b`; no tensors.
 */
export function orbitDistances(arch: Architecture, a: Params, b: Params, seed: number): OrbitDistanceRow[] {
  const moved = randomOrbitPoint(arch, a, seed);
  const unitA = unitNorm(arch, a);
  const row = (pair: string, other: Params): OrbitDistanceRow => {
    const unitOther = unitNorm(arch, other);
    try {
      return {
        pair,
        unitNorm: naiveDistance(unitA, unitOther),
        canonical: gaugeDistance(arch, a, other),
        matched: matchedDistance(arch, a, other, { seed }),
      };
    } finally {
      disposeParams(unitOther);
    }
  };
  try {
    return [row("A vs g·A (same orbit)", moved), row("A vs B (trained apart)", b)];
  } finally {
    [moved, unitA].forEach(disposeParams);
  }
}
