import { adam } from "./adam";
import type { Optimizer, OptimizerConfig, OptimizerFactory } from "./optimizer";
import { momentum, sgd } from "./sgd";

/**
 * A fresh optimizer from a config (`{ kind: "sgd" | "momentum" | "adam", lr, ... }`) or a factory.
 * The caller owns it and calls `dispose()` when done (the training loop does this for its own).
 *
 * @throws on an unknown kind or invalid hyperparameters (lr ≤ 0, β ∉ [0, 1), ...).
 */
export function makeOptimizer(spec: OptimizerConfig | OptimizerFactory): Optimizer {
  if (typeof spec === "function") return spec();
  switch (spec.kind) {
    case "sgd":
      return sgd(spec);
    case "momentum":
      return momentum(spec);
    case "adam":
      return adam(spec);
    default:
      throw new Error(
        `unknown optimizer kind "${(spec as { kind?: unknown }).kind}"; use "sgd", "momentum" or "adam", or pass a factory`,
      );
  }
}
