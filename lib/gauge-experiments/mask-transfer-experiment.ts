import * as tf from "@tensorflow/tfjs";
import { activationMatching } from "../gauge/activation-matching";
import { permuteMask } from "../gauge/mask-transfer";
import { permutationSpec } from "../gauge/permutation-spec";
import { weightMatching } from "../gauge/weight-matching";
import { Mask } from "../train/mask";
import { disposeParams, type Params } from "../core/params";
import type { ProgressSink } from "../train/progress";
import { train } from "../train/train";
import { magnitudeLayerwise } from "../prune/magnitude-layerwise";
import { randomPrune } from "../prune/random";
import { prunableLayers } from "../prune/strategy";
import type { Dataset } from "../data/dataset";
import type { Perms } from "../gauge/perm";
import type { Figure } from "../viz/figure";
import { lineBands } from "../viz/lines";
import { DEFAULT_PAIR, pairInit, QUICK_PAIR, trainPair, type PairConfig } from "./pair";

/** Sparse re-basin: a mask found on network A, moved to network B with and without matching, then trained. */
export interface MaskTransferConfig {
  readonly pair: PairConfig;
  /** One-shot layerwise magnitude pruning of a trained network: fractions of hidden-layer weights pruned. */
  readonly rates: readonly number[];
  /** Fraction of output-layer weights pruned. */
  readonly outputRate: number;
  /** How A is aligned to B: activation matching (as Adnan et al.) or weight matching. */
  readonly matching: "activation" | "weight";
  /** Training of B's init under each mask, in epochs (optimizer and batch size as the pair). */
  readonly epochs: number;
  /** Seed of the random-mask control and of weight matching. */
  readonly seed: number;
}

/**
 * Full mode: the 3 × 512 pair; 90%, 97% and 99% of hidden weights pruned (50% of the output layer's); B's init
 * trained 5 epochs under each mask (12 runs, about 5 minutes on wasm).
 */
export const DEFAULT_MASK_TRANSFER: MaskTransferConfig = {
  pair: DEFAULT_PAIR,
  rates: [0.9, 0.97, 0.99],
  outputRate: 0.5,
  matching: "activation",
  epochs: 5,
  seed: 0,
};

/** Quick mode: the quick pair, 99% pruned only, 4 epochs. */
export const QUICK_MASK_TRANSFER: MaskTransferConfig = {
  ...DEFAULT_MASK_TRANSFER,
  pair: QUICK_PAIR,
  rates: [0.99],
  epochs: 4,
};

/** The masks compared, in table order. */
export const TRANSFER_MASKS = [
  "B's own mask",
  "A's mask, permuted",
  "A's mask, unpermuted",
  "random mask",
] as const;

/** One mask at one pruning rate. */
export type MaskTransferRow = {
  readonly rate: number;
  /** Fraction of all kernel weights the mask keeps. */
  readonly density: number;
  readonly mask: (typeof TRANSFER_MASKS)[number];
  /** Fraction of the weights B's own mask keeps that this mask keeps too (≈ density for a random mask). */
  readonly overlap: number;
  /** Test accuracy after training B's init under this mask. */
  readonly testAcc: number;
};

/** Options of {@link maskTransferExperiment}. */
export interface MaskTransferOptions {
  /** Cache folder of the pair (default `data/cache`). */
  readonly dir?: string;
  /** A fresh progress sink per training run. */
  readonly progress?: () => ProgressSink;
}

/** The fraction of `reference`'s kept weights that `mask` keeps too, over all of `reference`'s entries. */
export function maskOverlap(mask: Mask, reference: Mask): number {
  return tf.tidy(() => {
    let shared = 0;
    let kept = 0;
    for (const name of reference.names) {
      const ref = reference.get(name) as tf.Tensor;
      const other = mask.get(name) ?? tf.onesLike(ref);
      shared += tf.sum(tf.mul(ref, other)).dataSync()[0];
      kept += tf.sum(ref).dataSync()[0];
    }
    return kept === 0 ? 0 : shared / kept;
  });
}

/** The four masks on B at one rate, in {@link TRANSFER_MASKS} order; the caller owns (disposes) them. */
function transferMasks(a: Params, b: Params, perms: Perms, config: MaskTransferConfig, rate: number): Mask[] {
  const ones = Mask.ones(b, prunableLayers(b));
  const rates = { rate, outputRate: config.outputRate };
  const own = magnitudeLayerwise(b, ones, rates);
  const fromA = magnitudeLayerwise(a, ones, rates);
  const random = randomPrune(b, ones, { ...rates, seed: config.seed });
  ones.dispose();
  return [own, permuteMask(fromA, perms, permutationSpec(a)), fromA, random];
}

/**
 * The sparse re-basin experiment (after Adnan et al. 2025): at each rate, prunes trained A and trained B once by
 * layerwise magnitude, aligns A to B (`permute(A, perms)` ≈ B, by activation or weight matching), and trains B's
 * init under four masks: B's own, A's permuted into B's basin, A's as it is, and a random mask of the same
 * per-layer density. The pair comes from {@link trainPair} (cached); cache this result with `cached`.
 *
 * @returns one row per rate and mask, in {@link TRANSFER_MASKS} order; no tensors.
 * @throws on rates outside (0, 1) or a bad pair config.
 */
export async function maskTransferExperiment(
  config: MaskTransferConfig,
  options: MaskTransferOptions = {},
): Promise<MaskTransferRow[]> {
  const pair = await trainPair(config.pair, { dir: options.dir, progress: options.progress });
  const { a, b, data } = pair;
  const rows: MaskTransferRow[] = [];
  try {
    const perms = alignPerms(b, a, data.train, config);
    for (const rate of config.rates) {
      const masks = transferMasks(a, b, perms, config, rate);
      try {
        for (const [k, mask] of masks.entries()) {
          const init = pairInit(config.pair, 1);
          const run = await train(init, data, {
            optimizer: config.pair.optimizer,
            seed: config.pair.seeds[1],
            epochs: config.epochs,
            batchSize: config.pair.batchSize,
            evalEvery: 1e9,
            mask,
            progress: options.progress?.(),
            label: `rate ${rate}: ${TRANSFER_MASKS[k]}`,
          });
          disposeParams(init);
          disposeParams(run.params);
          if (run.interrupted) throw new Error("maskTransferExperiment: interrupted");
          rows.push({
            rate,
            density: mask.density,
            mask: TRANSFER_MASKS[k],
            overlap: maskOverlap(mask, masks[0]),
            testAcc: run.evals[run.evals.length - 1]?.test?.accuracy ?? NaN,
          });
        }
      } finally {
        masks.forEach((mask) => mask.dispose());
      }
    }
  } finally {
    disposeParams(a);
    disposeParams(b);
  }
  return rows;
}

/** Permutations with `permute(a, perms)` ≈ `b`: activation matching on 2,000 training rows, or weight matching. */
function alignPerms(b: Params, a: Params, trainSet: Dataset, config: MaskTransferConfig): Perms {
  if (config.matching === "weight") return weightMatching(b, a, { seed: config.seed }).perms;
  const n = Math.min(2000, trainSet.numExamples);
  const X = tf.tensor2d(trainSet.X.subarray(0, n * trainSet.inDim), [n, trainSet.inDim]);
  try {
    return activationMatching(b, a, X).perms;
  } finally {
    X.dispose();
  }
}

/** Test accuracy against density, one line per mask (x on a log scale). */
export function maskTransferFigure(rows: readonly MaskTransferRow[]): Figure {
  const series = TRANSFER_MASKS.map((name) => {
    const mine = rows.filter((r) => r.mask === name).sort((p, q) => p.density - q.density);
    return { name, x: mine.map((r) => r.density), ys: [mine.map((r) => r.testAcc)] };
  });
  return lineBands(series, {
    title: "Training B's init under a transferred mask",
    xTitle: "density (fraction of weights kept)",
    yTitle: "test accuracy",
    logX: true,
  });
}
