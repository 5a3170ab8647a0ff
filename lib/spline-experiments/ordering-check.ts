import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { forward } from "../core/forward";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed } from "../core/rng";
import { naiveDistance } from "../gauge/gauge-distance";
import { permutationSpec } from "../gauge/permutation-spec";
import { permute } from "../gauge/permute";
import { randomPerms, randomScales } from "../gauge/random-group";
import { rescale } from "../gauge/rescale";
import { orderByKnots } from "../splines/order-by-knots";
import { type UnitKnot, unitKnots } from "../splines/unit-knots";

/** One point of the orbit: how far it is from θ and from the ordered point, and how much the function moved. */
export type OrderingRow = {
  readonly point: string;
  readonly distanceToTheta: number;
  readonly distanceToOrdered: number;
  readonly maxAbsOutputChange: number;
};

/** What {@link orderingCheck} returns: the table, and the first layer's knots at θ, g·θ and order(θ). */
export interface OrderingCheck {
  readonly rows: readonly OrderingRow[];
  readonly knots: { readonly theta: UnitKnot[]; readonly moved: UnitKnot[]; readonly ordered: UnitKnot[] };
}

/**
 * Ordering as a gauge fix, checked numerically: takes θ, a random point g·θ of its orbit (a seeded permutation
 * of the first layer's units and rescaling by c ∈ [0.25, 4]), and the ordered points order(θ) and order(g·θ)
 * (`orderByKnots`). Every row computes the same function; the two ordered points coincide.
 *
 * @param arch a net whose layer 0 has a ReLU unit group; @param X inputs `[batch, inDim]` (not disposed).
 * @returns plain numbers; no tensors outlive the call.
 */
export function orderingCheck(
  arch: Architecture,
  params: Params,
  X: tf.Tensor2D,
  seed: number,
): OrderingCheck {
  const scaled = rescale(arch, params, randomScales(arch, deriveSeed(seed, "scales"), [0.25, 4]));
  const moved = permute(arch, scaled, randomPerms(permutationSpec(arch), deriveSeed(seed, "perms")));
  disposeParams(scaled);
  const ordered = orderByKnots(arch, params, 0);
  const orderedMoved = orderByKnots(arch, moved, 0);
  const points: [string, Params][] = [
    ["θ", params],
    ["g·θ (units permuted and rescaled)", moved],
    ["order(θ)", ordered],
    ["order(g·θ)", orderedMoved],
  ];
  const yHat = forward(arch, params, X);
  const rows = points.map(([point, p]) => ({
    point,
    distanceToTheta: naiveDistance(params, p),
    distanceToOrdered: naiveDistance(ordered, p),
    maxAbsOutputChange: tf.tidy(() => tf.max(tf.abs(tf.sub(forward(arch, p, X), yHat))).dataSync()[0]),
  }));
  const knots = {
    theta: unitKnots(arch, params, 0),
    moved: unitKnots(arch, moved, 0),
    ordered: unitKnots(arch, ordered, 0),
  };
  yHat.dispose();
  [moved, ordered, orderedMoved].forEach(disposeParams);
  return { rows, knots };
}
