import type { OptionShape } from "../core/check-options";
import { type Architecture, prunableParams } from "../core/architecture";
import { checkRate, outputLayer, resolveLayers, type LayerOptions } from "./strategy";

/**
 * Per-layer pruning rates: the fraction of each layer's REMAINING weights pruned per round.
 * Shared by magnitude-layerwise and random pruning, so both reach the same per-layer densities.
 */
export interface LayerRateOptions extends LayerOptions {
  /** Rate for every pruned hidden layer, in (0, 1). Default 0.2 (Frankle & Carbin 2019). */
  readonly rate?: number;
  /** Rate for the output layer (the last prunable param), in (0, 1). Default 0.1 (Frankle & Carbin 2019). */
  readonly outputRate?: number;
  /** Per-layer overrides keyed by prunable param name, each in (0, 1); every key must be a pruned layer. */
  readonly rates?: Readonly<Record<string, number>>;
}

/** The option types of {@link LayerRateOptions}, for `checkOptions`. */
export const LAYER_RATE_OPTIONS: OptionShape = {
  rate: "number?",
  outputRate: "number?",
  rates: "object?",
  layers: "array?",
};

/** Frankle & Carbin's LeNet-300-100 rates: 20% of the remaining hidden weights, 10% of the output layer's. */
export const DEFAULT_LAYER_RATES = { rate: 0.2, outputRate: 0.1 } as const;

/**
 * The rate of every pruned layer, keyed by prunable param name in storage order. `layers` defaults to
 * `prunableParams(arch)`.
 *
 * @throws `<strategy>: rate must be in (0, 1); got 1` (likewise `outputRate`, `rates[<layer>]`), on unknown
 *   layer names (listing the valid ones), and `<strategy>: rates names <layer> but layers does not include it`.
 */
export function resolveLayerRates(
  strategy: string,
  arch: Architecture,
  options: LayerRateOptions,
): Record<string, number> {
  const layers = resolveLayers(strategy, arch, options.layers, prunableParams(arch));
  const rate = options.rate ?? DEFAULT_LAYER_RATES.rate;
  const outputRate = options.outputRate ?? DEFAULT_LAYER_RATES.outputRate;
  checkRate(strategy, "rate", rate);
  checkRate(strategy, "outputRate", outputRate);
  const overrides = options.rates ?? {};
  const overridden = Object.keys(overrides);
  if (overridden.length > 0) resolveLayers(strategy, arch, overridden, []);
  for (const name of overridden) {
    if (!layers.includes(name))
      throw new Error(`${strategy}: rates names ${name} but layers does not include it`);
    checkRate(strategy, `rates[${name}]`, overrides[name]);
  }
  const output = outputLayer(arch);
  const out: Record<string, number> = {};
  for (const name of layers) out[name] = overrides[name] ?? (name === output ? outputRate : rate);
  return out;
}
