import { checkOptions, describeValue } from "../core/check-options";
import { Registry } from "../core/registry";
import { adam } from "./adam";
import { dualizedGd } from "./dualized-gd";
import { momentum } from "./momentum";
import { muon } from "./muon";
import type { Optimizer, OptimizerConfig, OptimizerKind } from "./optimizer";
import { sgd } from "./sgd";
import { spectralGd } from "./spectral-gd";

/** Every optimizer a config may name, by `kind`. */
export const OPTIMIZERS = new Registry<OptimizerKind>("optimizer");

OPTIMIZERS.register(sgd as OptimizerKind);
OPTIMIZERS.register(momentum as OptimizerKind);
OPTIMIZERS.register(adam as OptimizerKind);
OPTIMIZERS.register(muon as OptimizerKind);
OPTIMIZERS.register(spectralGd as OptimizerKind);
OPTIMIZERS.register(dualizedGd as OptimizerKind);

/**
 * Registers a new optimizer kind: afterwards any config (training, experiments) may name it.
 * @throws when the kind name is taken.
 */
export function registerOptimizer<C extends OptimizerConfig>(kind: OptimizerKind<C>): void {
  OPTIMIZERS.register(kind as unknown as OptimizerKind);
}

/**
 * A fresh optimizer from its config, dispatched through {@link OPTIMIZERS}: the kind is looked up (an unknown
 * one names the closest registered kind), the option keys and types are checked, then the kind checks the
 * values. The caller owns the optimizer and calls `dispose()` (the training loop does this for its own).
 *
 * @throws on an unknown kind, an unknown or mistyped option, or an invalid value (lr ≤ 0, β ∉ [0, 1), ...).
 */
export function makeOptimizer(config: OptimizerConfig): Optimizer {
  if (typeof config !== "object" || config === null) {
    throw new Error(
      `optimizer: expected { kind, ...options }, e.g. { kind: "adam", lr: 1e-3 }; got ${describeValue(config)}`,
    );
  }
  const kind = OPTIMIZERS.get(config.kind);
  checkOptions(config, { kind: "string", ...kind.options }, `optimizer ${kind.kind}`);
  return kind.create(config);
}
