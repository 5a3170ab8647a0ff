import type * as tf from "@tensorflow/tfjs";
import type { OptionShape } from "../core/check-options";
import type { Json } from "../core/json";
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
 * New rules are added as an {@link OptimizerKind}, one file plus one registration.
 */
export interface Optimizer {
  /** A short description, e.g. `"sgd(lr=0.1)"`. */
  readonly name: string;
  /** One update; see the interface's contract. The caller owns the returned tensors. */
  step(params: Params, grads: Params): Record<string, tf.Tensor>;
  /** Frees the optimizer's state. */
  dispose(): void;
  /**
   * The state (moments, momentum buffers, step counts) as JSON, for rules that support it (Adam and the
   * matrix optimizers do). Reads the state; syncs the device once per tensor.
   */
  saveState?(): Json;
  /**
   * Replaces the state with what `saveState()` returned (on an optimizer of the same kind and options); the old
   * state tensors are disposed. @throws when `state` is not such a value.
   */
  loadState?(state: Json): void;
}

/**
 * A hashable optimizer choice: a registered kind and its options, e.g. `{ kind: "adam", lr: 1e-3 }`. It goes
 * into experiment configs as is; `makeOptimizer` dispatches it through the registry, which checks the options.
 */
export interface OptimizerConfig {
  readonly kind: string;
  readonly [option: string]: Json | undefined;
}

/**
 * A registered optimizer: its kind name, the types of its options (for `checkOptions`), and a factory that
 * checks the option values and builds a fresh optimizer (the caller owns and disposes it).
 *
 * @typeParam C the kind's config type.
 */
export interface OptimizerKind<C extends OptimizerConfig = OptimizerConfig> {
  readonly kind: string;
  readonly options: OptionShape;
  create(config: C): Optimizer;
}

/** Throws unless `lr` is a finite number > 0. */
export function checkLr(lr: number, where: string): void {
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`${where}: lr must be a finite number > 0; got ${lr}`);
}

/** Throws unless `value` lies in [lo, hi). */
export function checkRange(value: number, lo: number, hi: number, what: string): void {
  if (!(value >= lo && value < hi)) throw new Error(`${what} must be in [${lo}, ${hi}); got ${value}`);
}
