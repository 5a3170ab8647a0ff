import type { Architecture } from "../core/architecture";
import { checkOptions, describeValue } from "../core/check-options";
import type { Params } from "../core/params";
import { Registry } from "../core/registry";
import { Mask } from "../train/mask";
import { magnitudeGlobalKind } from "./magnitude-global";
import { magnitudeLayerwiseKind } from "./magnitude-layerwise";
import { randomPruneKind } from "./random";
import { snipKind } from "./snip";
import type { PruneKind, PruningConfig } from "./strategy";
import { synflowKind } from "./synflow";

/** Every pruning strategy a config may name, by `kind` (as open_lth's `pruning.registry`). */
export const PRUNING_STRATEGIES = new Registry<PruneKind>("pruning strategy");

/**
 * Registers a new pruning strategy: afterwards any config (IMP, experiments) may name it by its `kind`.
 * @throws when the kind name is taken.
 */
export function registerPruningStrategy<O>(kind: PruneKind<O>): void {
  PRUNING_STRATEGIES.register(kind as unknown as PruneKind);
}

registerPruningStrategy(magnitudeLayerwiseKind);
registerPruningStrategy(magnitudeGlobalKind);
registerPruningStrategy(randomPruneKind);
registerPruningStrategy(snipKind);
registerPruningStrategy(synflowKind);

/**
 * One pruning step dispatched through {@link PRUNING_STRATEGIES}, e.g.
 * `prune(arch, params, mask, { kind: "magnitude-global", rate: 0.2 })`: the kind is looked up (an unknown one
 * names the closest registered kind), the option keys and types are checked (a misspelled key names the closest
 * valid one), then the strategy runs and checks the values (ranges, layer names).
 *
 * @param arch the architecture. @param params its params; untouched. @param mask the current mask; untouched.
 * @param config `{ kind, ...options }`.
 * @returns a new mask; the caller owns it.
 * @throws on an unknown kind, an unknown or mistyped option, or whatever the strategy rejects.
 */
export function prune(arch: Architecture, params: Params, mask: Mask, config: PruningConfig): Mask {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new Error(
      `prune: expected { kind, ...options }, e.g. { kind: "magnitude-global", rate: 0.2 }; got ${describeValue(config)}`,
    );
  }
  if (!(mask instanceof Mask)) {
    throw new Error(
      `prune: mask must be a Mask, e.g. Mask.ones(params, prunableParams(arch)); got ${describeValue(mask)}`,
    );
  }
  const kind = PRUNING_STRATEGIES.get(config.kind);
  checkOptions(config, { kind: "string", ...kind.options }, kind.kind);
  const { kind: _kind, ...options } = config;
  return kind.prune(arch, params, mask, options);
}
