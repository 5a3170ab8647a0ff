import * as tf from "@tensorflow/tfjs";
import { type Architecture, paramShapes } from "../core/architecture";
import { describeValue } from "../core/check-options";
import type { Params } from "../core/params";
import { deriveSeed, permutation, uniformArray } from "../core/rng";
import { Mask } from "../train/mask";
import { LAYER_RATE_OPTIONS, resolveLayerRates, type LayerRateOptions } from "./layer-rates";
import { pruneEachLayer } from "./select";
import { checkInputs, type PruneKind } from "./strategy";

/** Options of {@link randomPrune}: the layerwise rates of magnitude-layerwise, plus a seed. */
export interface RandomPruneOptions extends LayerRateOptions {
  /** Integer seed; layer `name` draws from `deriveSeed(seed, name)`. */
  readonly seed: number;
}

function checkSeed(strategy: string, seed: number): void {
  if (typeof seed !== "number")
    throw new Error(`${strategy}: seed must be an integer; got ${describeValue(seed)}`);
  if (!Number.isInteger(seed)) throw new Error(`${strategy}: seed must be an integer; got ${seed}`);
}

/**
 * One round of random pruning, the control for magnitude-layerwise: in each pruned layer, prunes exactly
 * `Math.round(rate × kept)` of the currently kept weights, chosen uniformly at random from `seed`. Every layer
 * ranks its weights by one seeded uniform score, so rounds with the same seed are nested and reproducible.
 *
 * @param arch the architecture. @param params its params (checked, but their values do not matter).
 * @param mask the current mask. @param options `seed`, and `layers`, `rate`, `outputRate`, `rates` exactly as
 *   magnitude-layerwise.
 * @returns a new mask; the caller owns it. Inputs are untouched.
 * @throws on rates outside (0, 1), a non-integer seed, unknown layers, a mask from another architecture.
 */
export function randomPrune(
  arch: Architecture,
  params: Params,
  mask: Mask,
  options: RandomPruneOptions,
): Mask {
  const strategy = "random";
  const rates = resolveLayerRates(strategy, arch, options);
  checkSeed(strategy, options.seed);
  checkInputs(strategy, arch, params, mask);
  const shapes = paramShapes(arch);
  const scores: Record<string, Float32Array> = {};
  for (const name of Object.keys(rates)) {
    const size = shapes[name].reduce((n, d) => n * d, 1);
    scores[name] = uniformArray(size, deriveSeed(options.seed, name));
  }
  return pruneEachLayer(strategy, arch, mask, scores, rates);
}

/** The registry entry `{ kind: "random", seed, rate?, outputRate?, rates?, layers? }` (see {@link randomPrune}). */
export const randomPruneKind: PruneKind<RandomPruneOptions> = {
  kind: "random",
  options: { seed: "number", ...LAYER_RATE_OPTIONS },
  prune: randomPrune,
};

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
