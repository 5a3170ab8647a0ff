import * as tf from "@tensorflow/tfjs";
import { Mask } from "../train/mask";
import type { Params } from "../core/params";
import { deriveSeed, permutation, uniformArray } from "../core/rng";
import { resolveLayerRates, type LayerRateOptions } from "./layer-rates";
import { pruneEachLayer } from "./select";
import { checkInputs } from "./strategy";

/** Options of {@link randomPrune}: the layerwise rates of magnitude-layerwise, plus a seed. */
export interface RandomPruneOptions extends LayerRateOptions {
  /** Integer seed; layer `name` draws from `deriveSeed(seed, name)`. */
  readonly seed: number;
}

function checkSeed(strategy: string, seed: number): void {
  if (!Number.isInteger(seed)) throw new Error(`${strategy}: seed must be an integer; got ${seed}`);
}

/**
 * One round of random pruning, the control for magnitude-layerwise: in each pruned layer, prunes exactly
 * `Math.round(rate × kept)` of the currently kept weights, chosen uniformly at random from `seed`. Every layer
 * ranks its weights by one seeded uniform score, so rounds with the same seed are nested and reproducible.
 *
 * @param options `seed`, and `layers`, `rate`, `outputRate`, `rates` exactly as magnitude-layerwise.
 * @returns a new mask; the caller owns it. Inputs are untouched.
 * @throws on rates outside (0, 1), a non-integer seed, unknown layers, a mask from another architecture.
 */
export function randomPrune(params: Params, mask: Mask, options: RandomPruneOptions): Mask {
  const strategy = "random";
  const rates = resolveLayerRates(strategy, params, options);
  checkSeed(strategy, options.seed);
  checkInputs(strategy, params, mask);
  const scores: Record<string, Float32Array> = {};
  for (const name of Object.keys(rates)) {
    scores[name] = uniformArray(params[name].size, deriveSeed(options.seed, name));
  }
  return pruneEachLayer(strategy, params, mask, scores, rates);
}

/**
 * Random pruning at the same per-layer density as `mask` (Frankle & Carbin's random-pruning control): for each
 * entry, a fresh mask keeping exactly as many weights, at positions drawn uniformly from `seed` (a seeded
 * permutation per layer, `deriveSeed(seed, name)`), independent of which weights `mask` keeps.
 *
 * @param mask e.g. a winning ticket's mask; untouched.
 * @returns a new mask with the same names, shapes and per-entry kept counts; the caller owns it.
 * @throws on a non-integer seed.
 */
export function randomMaskLike(mask: Mask, seed: number): Mask {
  checkSeed("randomMaskLike", seed);
  const entries: Record<string, tf.Tensor> = {};
  for (const name of mask.names) {
    const m = mask.get(name) as tf.Tensor;
    const kept = tf.tidy(() => m.sum().dataSync()[0]);
    const perm = permutation(m.size, deriveSeed(seed, name));
    const values = new Float32Array(m.size);
    for (let i = 0; i < kept; i++) values[perm[i]] = 1;
    entries[name] = tf.tensor(values, m.shape, "float32");
  }
  return Mask.fromTensors(entries);
}
