import * as tf from "@tensorflow/tfjs";
import { type Architecture, paramShapes, prunableParams } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import type { Params } from "../core/params";

/**
 * An ℓ2 penalty (coupled weight decay) `(coefficient / 2) · Σ_{p ∈ params} ‖p‖²` added to the training
 * objective, so its gradient `coefficient · p` joins the loss gradient before the optimizer sees it (unlike
 * AdamW's decoupled decay). With `loss: "mse"` on a two-layer ReLU net, `coefficient = λ` is the group-ℓ1
 * weight λ of the equivalent convex program (the hidden biases are not penalised).
 */
export interface L2Penalty {
  /** λ ≥ 0. */
  readonly coefficient: number;
  /** The penalised param names (default: every prunable param, i.e. every dense kernel, no bias). */
  readonly params?: readonly string[];
}

/** An {@link L2Penalty} checked against an architecture: its coefficient and the penalised names. */
export interface ResolvedL2 {
  readonly coefficient: number;
  readonly names: readonly string[];
}

/**
 * Checks `l2` against `arch` and fills in its default params.
 *
 * @param where prefixes messages, e.g. `"train: l2"`.
 * @throws on an unknown option, a coefficient that is not finite and ≥ 0, or an unknown param name.
 */
export function resolveL2(arch: Architecture, l2: L2Penalty, where: string): ResolvedL2 {
  checkOptions(l2, { coefficient: "number", params: "array?" }, where);
  if (!(Number.isFinite(l2.coefficient) && l2.coefficient >= 0)) {
    throw new Error(`${where}: coefficient must be a finite number ≥ 0; got ${l2.coefficient}`);
  }
  const known = Object.keys(paramShapes(arch));
  const names = l2.params ?? prunableParams(arch);
  for (const name of names) {
    if (!known.includes(name)) {
      throw new Error(`${where}: no param ${JSON.stringify(name)}; the params are ${known.join(", ")}`);
    }
  }
  return { coefficient: l2.coefficient, names: [...names] };
}

/**
 * Adds `coefficient · params[name]` to each penalised entry of `grads` that is present (frozen names have no
 * gradient and are skipped). The replaced gradients are disposed; the caller owns the returned ones.
 */
export function addL2Gradients(
  grads: Record<string, tf.Tensor>,
  params: Params,
  l2: ResolvedL2,
): Record<string, tf.Tensor> {
  if (l2.coefficient === 0) return grads;
  const out = { ...grads };
  for (const name of l2.names) {
    const g = grads[name];
    if (!g) continue;
    out[name] = tf.tidy(() => tf.add(g, tf.mul(params[name], l2.coefficient)));
    g.dispose();
  }
  return out;
}

/** The penalty's value `(coefficient / 2) · Σ ‖p‖²` on the host (one sync per param). */
export function l2PenaltyValue(params: Params, l2: ResolvedL2): number {
  let sum = 0;
  for (const name of l2.names) {
    const v = params[name].dataSync();
    for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  }
  return (l2.coefficient / 2) * sum;
}
