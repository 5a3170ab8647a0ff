import type { Architecture } from "../core/architecture";
import type { Params } from "../core/params";
import { hiddenLayer, mapUnits } from "./hidden-layer";
import { neuronImportance } from "./importance";

/** What {@link pruneUnits} and {@link foldUnits}-style reductions return. */
export interface Reduced {
  /** The architecture with the reduced layer at its new width. */
  readonly arch: Architecture;
  /** New params; the caller owns (disposes) them. */
  readonly params: Params;
  /** For each new unit, the source units it came from (in source order). */
  readonly sources: readonly (readonly number[])[];
}

/**
 * Width reduction by neuron pruning: keeps the `width` units of a hidden layer with the highest
 * {@link neuronImportance} (in their original order) and drops the rest with their weights. Units with zero
 * importance are dropped first, so dropping them changes nothing (tested).
 *
 * @param options `width` (the target width, in [1, source width]); `layer` (default 0).
 * @returns the reduced network (see {@link Reduced}); the input params are untouched.
 * @throws on a target width above the source width or below 1, and as {@link neuronImportance}.
 */
export function pruneUnits(
  arch: Architecture,
  params: Params,
  options: { readonly width: number; readonly layer?: number },
): Reduced {
  const layer = options.layer ?? 0;
  const hidden = hiddenLayer(arch, params, layer, "pruneUnits", options.width);
  const s = neuronImportance(arch, params, layer);
  const order = s.map((_, j) => j).sort((i, j) => s[j] - s[i] || i - j);
  const kept = order.slice(0, options.width).sort((i, j) => i - j);
  const M = s.map((_, i) => kept.map((k) => (k === i ? 1 : 0)));
  return { ...mapUnits(arch, params, hidden, M, M), sources: kept.map((k) => [k]) };
}
