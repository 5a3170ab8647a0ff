import { type Architecture, prunableParams } from "../core/architecture";
import type { Params } from "../core/params";
import type { Mask } from "../train/mask";
import { magnitudes, pruneLowest } from "./select";
import { checkInputs, checkRate, resolveLayers, type LayerOptions, type PruneKind } from "./strategy";

/** Options of {@link magnitudeGlobal}. */
export interface MagnitudeGlobalOptions extends LayerOptions {
  /** Fraction of the chosen layers' remaining weights pruned per round, in (0, 1). Default 0.2. */
  readonly rate?: number;
}

/** open_lth's default: 20% of the remaining weights per round, output layer unpruned. */
export const DEFAULT_MAGNITUDE_GLOBAL = { rate: 0.2 } as const;

/**
 * One round of global magnitude pruning (open_lth's default): one threshold across the chosen layers. Prunes
 * exactly `Math.round(rate × kept)` of the weights the mask keeps in those layers, those of smallest |w|
 * (ties: earlier layer first, then lower row-major index). Already-pruned weights stay pruned; biases never.
 *
 * @param arch the architecture. @param params its params; the prunable ones are ranked by |w|. Untouched.
 * @param mask the current mask. Untouched.
 * @param options `layers` (default: every prunable param except the output layer's), `rate` (default 0.2).
 * @returns a new mask; the caller owns it.
 * @throws on a rate outside (0, 1), unknown layers, a mask from another architecture, NaN weights.
 */
export function magnitudeGlobal(
  arch: Architecture,
  params: Params,
  mask: Mask,
  options: MagnitudeGlobalOptions = {},
): Mask {
  const strategy = "magnitude-global";
  const layers = resolveLayers(strategy, arch, options.layers, prunableParams(arch).slice(0, -1));
  const rate = options.rate ?? DEFAULT_MAGNITUDE_GLOBAL.rate;
  checkRate(strategy, "rate", rate);
  checkInputs(strategy, arch, params, mask);
  const scores: Record<string, Float32Array> = {};
  for (const name of layers) scores[name] = magnitudes(params, name);
  return pruneLowest(strategy, arch, mask, scores, [{ layers, count: (kept) => Math.round(rate * kept) }]);
}

/** The registry entry `{ kind: "magnitude-global", rate?, layers? }` (see {@link magnitudeGlobal}). */
export const magnitudeGlobalKind: PruneKind<MagnitudeGlobalOptions> = {
  kind: "magnitude-global",
  options: { rate: "number?", layers: "array?" },
  prune: magnitudeGlobal,
};
