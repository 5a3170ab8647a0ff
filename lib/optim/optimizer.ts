import type * as tf from "@tensorflow/tfjs";
import type { Params } from "../core/params";

/**
 * An optimizer: turns gradients into new parameter values. Functional on parameters, stateful inside
 * (momentum buffers, step count), so a Muon or any other rule can implement it.
 *
 * Contract of `step(params, grads)`:
 * - `grads` holds one gradient per trainable parameter (frozen ones are simply absent), shaped like it;
 * - it returns new tensors for exactly the names in `grads` and must not dispose `params` or `grads`
 *   (the training loop disposes the old params and the grads);
 * - it owns its state tensors and frees them in `dispose()`.
 * The loop masks the gradients before and the returned values after each step, so pruned weights stay exactly
 * 0 whatever the rule does (even one that mixes entries, like Muon's orthogonalisation).
 */
export interface Optimizer {
  /** A short description, e.g. `"sgd(lr=0.1)"`. */
  readonly name: string;
  /** One update; see the interface's contract. The caller owns the returned tensors. */
  step(params: Params, grads: Params): Record<string, tf.Tensor>;
  /** Frees the optimizer's state. */
  dispose(): void;
}

/** Plain SGD: `W ← W − lr (g + weightDecay · W)`. */
export interface SgdConfig {
  readonly kind: "sgd";
  readonly lr: number;
  readonly weightDecay?: number;
}

/** Heavy-ball momentum, PyTorch's convention: `v ← μ v + g`, `W ← W − lr v` (Nesterov: `W ← W − lr (g + μ v)`). */
export interface MomentumConfig {
  readonly kind: "momentum";
  readonly lr: number;
  /** μ (default 0.9). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** Adam (Kingma & Ba) with bias correction; defaults β1 = 0.9, β2 = 0.999, ε = 1e-8. */
export interface AdamConfig {
  readonly kind: "adam";
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** A hashable optimizer description; {@link makeOptimizer} builds the optimizer. */
export type OptimizerConfig = SgdConfig | MomentumConfig | AdamConfig;

/** Builds a fresh optimizer; used for rules with no config (a later Muon can be passed this way). */
export type OptimizerFactory = () => Optimizer;

/** Throws unless `lr` is a finite number > 0. */
export function checkLr(lr: number, where: string): void {
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`${where}: lr must be a finite number > 0; got ${lr}`);
}

/** Throws unless `value` lies in [lo, hi). */
export function checkRange(value: number, lo: number, hi: number, what: string): void {
  if (!(value >= lo && value < hi)) throw new Error(`${what} must be in [${lo}, ${hi}); got ${value}`);
}
