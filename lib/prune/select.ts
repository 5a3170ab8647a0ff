import * as tf from "@tensorflow/tfjs";
import { type Architecture, paramShapes } from "../core/architecture";
import type { Params } from "../core/params";
import { Mask } from "../train/mask";

/**
 * A set of layers ranked together: one group per layer for layerwise pruning, one group for global pruning.
 * `count(kept, total)` says how many of the group's `kept` weights (out of `total`) to prune.
 */
export interface PruneGroup {
  readonly layers: readonly string[];
  readonly count: (kept: number, total: number) => number;
}

/**
 * Prunes the lowest-scoring kept weights of each group and returns the new mask.
 *
 * Ranking: ascending score; ties are broken deterministically by position, i.e. the architecture's storage
 * order (layer order), then the row-major flat index within the param (the earlier weight is pruned first).
 * Weights the mask already prunes are never candidates, so masks are monotone: pruned stays pruned.
 *
 * @param arch the architecture, for names, order and shapes (the weights themselves are not needed).
 * @param mask the current mask; untouched. Entries outside every group are copied unchanged.
 * @param scores per-layer scores, row-major, one per weight of each grouped param (a kernel: `[in * out]`).
 * @returns a new Mask over the union of `mask.names` and the groups' layers (in storage order); caller owns it.
 * @throws `<strategy>: scores of <layer> hold NaN or infinite values`.
 */
export function pruneLowest(
  strategy: string,
  arch: Architecture,
  mask: Mask,
  scores: Readonly<Record<string, ArrayLike<number>>>,
  groups: readonly PruneGroup[],
): Mask {
  const shapes = paramShapes(arch);
  const grouped = new Set(groups.flatMap((g) => g.layers));
  const names = Object.keys(shapes).filter((name) => grouped.has(name) || mask.get(name) !== undefined);
  const kept: Record<string, Float32Array> = {};
  for (const name of names) {
    const m = mask.get(name);
    kept[name] = m ? Float32Array.from(m.dataSync()) : new Float32Array(sizeOf(shapes[name])).fill(1);
  }
  for (const group of groups) {
    const layers = names.filter((name) => group.layers.includes(name));
    const total = layers.reduce((n, name) => n + kept[name].length, 0);
    const candScore = new Float64Array(total);
    let numCandidates = 0;
    for (const name of layers) {
      const s = scores[name];
      const k = kept[name];
      for (let i = 0; i < k.length; i++) {
        if (k[i] !== 1) continue;
        if (!Number.isFinite(s[i]))
          throw new Error(`${strategy}: scores of ${name} hold NaN or infinite values`);
        candScore[numCandidates++] = s[i];
      }
    }
    const count = Math.min(group.count(numCandidates, total), numCandidates);
    if (count <= 0) continue;
    // The count-th lowest score is the threshold: prune every candidate below it, then candidates equal to it
    // in position order (layer, then row-major index) until `count` are pruned. Same result as a stable sort.
    const threshold = candScore.slice(0, numCandidates).sort()[count - 1];
    let ties = count;
    for (let c = 0; c < numCandidates; c++) if (candScore[c] < threshold) ties--;
    for (const name of layers) {
      const s = scores[name];
      const k = kept[name];
      for (let i = 0; i < k.length; i++) {
        if (k[i] !== 1) continue;
        if (s[i] < threshold) k[i] = 0;
        else if (s[i] === threshold && ties > 0) {
          k[i] = 0;
          ties--;
        }
      }
    }
  }
  const entries: Record<string, tf.Tensor> = {};
  for (const name of names) entries[name] = tf.tensor(kept[name], [...shapes[name]], "float32");
  return Mask.fromTensors(entries);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The absolute values of `params[name]`, row-major (a kernel: `[in * out]`), as plain numbers (no tensors kept). */
export function magnitudes(params: Params, name: string): Float32Array {
  return Float32Array.from(params[name].dataSync(), Math.abs);
}

/**
 * How many kept weights a one-shot strategy prunes to reach `density` over `total` weights.
 * @throws `<strategy>: density <d> keeps <n> weights but the mask already keeps only <kept> of <total>`.
 */
export function countToDensity(strategy: string, density: number): (kept: number, total: number) => number {
  return (kept, total) => {
    const target = Math.round(density * total);
    if (target > kept) {
      throw new Error(
        `${strategy}: density ${density} keeps ${target} weights but the mask already keeps only ${kept} of ${total}`,
      );
    }
    return kept - target;
  };
}

/**
 * Prunes `round(rate × kept)` of the lowest-scoring kept weights in each layer of `rates` separately
 * (Frankle & Carbin's layerwise schedule); see {@link pruneLowest} for ranking and ownership.
 *
 * @param rates layer name → fraction of its remaining weights to prune this round.
 */
export function pruneEachLayer(
  strategy: string,
  arch: Architecture,
  mask: Mask,
  scores: Readonly<Record<string, Float32Array>>,
  rates: Readonly<Record<string, number>>,
): Mask {
  const groups = Object.entries(rates).map(([name, rate]) => ({
    layers: [name],
    count: (kept: number) => Math.round(rate * kept),
  }));
  return pruneLowest(strategy, arch, mask, scores, groups);
}
