import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { assertFiniteNetworks } from "../core/finite";
import { disposeParams, type Params } from "../core/params";
import { assertSameShapes, checkPair } from "../core/same-shapes";
import { canonicalGauge, canonicalize } from "./canonical-form";
import { permute } from "./permute";
import { rescale } from "./rescale";
import { weightMatching, type WeightMatchingOptions } from "./weight-matching";

/**
 * The plain Euclidean distance between two parameter sets, `sqrt(Σ_name ‖a[name] − b[name]‖²)`: it sees a
 * permuted or rescaled copy of a network as far away.
 *
 * @throws when the architectures differ, or a param of either network holds NaN or Inf (one device sync).
 */
export function naiveDistance(a: Params, b: Params): number {
  assertSameShapes(a, b, "naiveDistance");
  assertFiniteNetworks({ "network a": a, "network b": b }, "naiveDistance");
  return tf.tidy(() => {
    let sum = tf.scalar(0);
    for (const name of Object.keys(a)) sum = tf.add(sum, tf.sum(tf.square(tf.sub(a[name], b[name]))));
    return Math.sqrt(sum.dataSync()[0]);
  });
}

/**
 * A distance modulo the gauge symmetries: the naive distance between the canonical forms,
 * `‖canonicalize(a) − canonicalize(b)‖` (unit incoming norms, neurons sorted). It is zero (to float rounding)
 * on an orbit, symmetric and cheap, but can jump when a small change reorders two neurons; for networks
 * trained apart prefer {@link matchedDistance}.
 *
 * @param arch the architecture of both networks.
 * @throws when `a` does not fit `arch`, `b` differs from `a` in names or shapes, or a param of either holds
 *   NaN or Inf (one device sync).
 */
export function gaugeDistance(arch: Architecture, a: Params, b: Params): number {
  checkPair(arch, a, b, "gaugeDistance");
  assertFiniteNetworks({ "network a": a, "network b": b }, "gaugeDistance");
  const owned: Params[] = [];
  try {
    owned.push(canonicalize(arch, a));
    owned.push(canonicalize(arch, b));
    return naiveDistance(owned[0], owned[1]);
  } finally {
    owned.forEach(disposeParams);
  }
}

/**
 * A distance modulo the gauge symmetries by weight matching: both networks' scales are fixed (unit incoming
 * norms, as in {@link canonicalize}), then `b` is weight-matched onto `a` and the naive distance taken. It is an
 * upper bound on the distance between the orbits (weight matching is a local search), zero on an orbit when the
 * matching recovers the permutation, and continuous where `gaugeDistance` may jump.
 *
 * @param arch the architecture of both networks.
 * @param options passed to `weightMatching` (seed, maxIter, initPerms).
 * @throws when `a` does not fit `arch`, `b` differs from `a` in names or shapes, a param of either holds NaN
 *   or Inf (one device sync), or as `weightMatching` on its options.
 */
export function matchedDistance(
  arch: Architecture,
  a: Params,
  b: Params,
  options: WeightMatchingOptions = {},
): number {
  checkPair(arch, a, b, "matchedDistance");
  assertFiniteNetworks({ "network a": a, "network b": b }, "matchedDistance");
  const owned: Params[] = [];
  try {
    const unitA = rescale(arch, a, canonicalGauge(arch, a).scales);
    owned.push(unitA);
    const unitB = rescale(arch, b, canonicalGauge(arch, b).scales);
    owned.push(unitB);
    const moved = permute(arch, unitB, weightMatching(arch, unitA, unitB, options).perms);
    owned.push(moved);
    return naiveDistance(unitA, moved);
  } finally {
    owned.forEach(disposeParams);
  }
}
