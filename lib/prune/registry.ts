import type { Mask } from "../train/mask";
import type { Params } from "../core/params";
import { magnitudeGlobal, type MagnitudeGlobalOptions } from "./magnitude-global";
import { magnitudeLayerwise, type MagnitudeLayerwiseOptions } from "./magnitude-layerwise";
import { randomPrune, type RandomPruneOptions } from "./random";
import { snip, type SnipOptions } from "./snip";
import type { PruneStrategy } from "./strategy";
import { synflow, type SynflowOptions } from "./synflow";

/** Each registered strategy's options type, keyed by its name. */
export interface StrategyOptionsMap {
  "magnitude-layerwise": MagnitudeLayerwiseOptions;
  "magnitude-global": MagnitudeGlobalOptions;
  random: RandomPruneOptions;
  snip: SnipOptions;
  synflow: SynflowOptions;
}

/** A registered strategy's name, the string a hashable config stores. */
export type StrategyName = keyof StrategyOptionsMap;

/** The strategy registry (as open_lth's `pruning.registry`): name → `(params, mask, options) => Mask`. */
export const STRATEGIES: { readonly [N in StrategyName]: PruneStrategy<StrategyOptionsMap[N]> } = {
  "magnitude-layerwise": magnitudeLayerwise,
  "magnitude-global": magnitudeGlobal,
  random: randomPrune,
  snip,
  synflow,
};

/** The registered names, in registry order. */
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as readonly StrategyName[];

/** Whether `name` is a registered strategy. */
export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/**
 * The strategy registered as `name`.
 * @throws `unknown pruning strategy "<name>"; known: magnitude-layerwise, magnitude-global, random, snip, synflow`.
 */
export function getStrategy<N extends StrategyName>(name: N): PruneStrategy<StrategyOptionsMap[N]> {
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown pruning strategy "${String(name)}"; known: ${STRATEGY_NAMES.join(", ")}`);
  }
  return STRATEGIES[name];
}

/**
 * Runs the strategy registered as `name`: `prune("magnitude-global", params, mask, { rate: 0.2 })`.
 *
 * @returns a new mask; the caller owns it. `params` and `mask` are untouched.
 * @throws on an unknown name, or whatever the strategy rejects.
 */
export function prune<N extends StrategyName>(
  name: N,
  params: Params,
  mask: Mask,
  options: StrategyOptionsMap[N],
): Mask {
  return getStrategy(name)(params, mask, options);
}
