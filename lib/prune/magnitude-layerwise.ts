import type { Architecture } from "../core/architecture";
import type { Params } from "../core/params";
import type { Mask } from "../train/mask";
import { LAYER_RATE_OPTIONS, resolveLayerRates, type LayerRateOptions } from "./layer-rates";
import { magnitudes, pruneEachLayer } from "./select";
import { checkInputs, type PruneKind } from "./strategy";

/** Options of {@link magnitudeLayerwise}: per-layer rates (defaults 20% hidden, 10% output) and layers. */
export type MagnitudeLayerwiseOptions = LayerRateOptions;

/**
 * One round of layerwise magnitude pruning (Frankle & Carbin 2019): in each pruned layer, prunes exactly
 * `Math.round(rate × kept)` of the currently kept weights, those of smallest |w| (ties: lower row-major index
 * first). Already-pruned weights stay pruned; biases are never pruned; layers not pruned keep their mask entry.
 *
 * @param arch the architecture. @param params its params; the prunable ones are ranked by |w|. Untouched.
 * @param mask the current mask (e.g. `Mask.ones(params, prunableParams(arch))`). Untouched.
 * @param options `layers` (default: every prunable param), `rate` (hidden, default 0.2), `outputRate`
 *   (default 0.1), `rates` (per-layer overrides).
 * @returns a new mask; the caller owns it.
 * @throws on rates outside (0, 1), unknown layers, a mask from another architecture, NaN weights.
 */
export function magnitudeLayerwise(
  arch: Architecture,
  params: Params,
  mask: Mask,
  options: MagnitudeLayerwiseOptions = {},
): Mask {
  const strategy = "magnitude-layerwise";
  const rates = resolveLayerRates(strategy, arch, options);
  checkInputs(strategy, arch, params, mask);
  const scores: Record<string, Float32Array> = {};
  for (const name of Object.keys(rates)) scores[name] = magnitudes(params, name);
  return pruneEachLayer(strategy, arch, mask, scores, rates);
}

/**
 * The registry entry `{ kind: "magnitude-layerwise", rate?, outputRate?, rates?, layers? }` (see
 * {@link magnitudeLayerwise}).
 */
export const magnitudeLayerwiseKind: PruneKind<MagnitudeLayerwiseOptions> = {
  kind: "magnitude-layerwise",
  options: LAYER_RATE_OPTIONS,
  prune: magnitudeLayerwise,
};
