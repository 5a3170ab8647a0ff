import * as tf from "@tensorflow/tfjs";
import { type Architecture, prunableParams } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { disposeParams, type Params } from "../core/params";
import type { Dataset } from "../data/dataset";
import { trainSize } from "../experiment/data-spec";
import type { Experiment } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { activationMatching } from "../gauge/activation-matching";
import { permuteMask } from "../gauge/mask-transfer";
import type { Perms } from "../gauge/perm";
import { weightMatching } from "../gauge/weight-matching";
import { prune } from "../prune/registry";
import { Mask } from "../train/mask";
import { DEFAULT_PAIR, PAIR, pairInit, pairUnit, QUICK_PAIR, type PairConfig } from "./pair";

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
function transferMasks(
  arch: Architecture,
  a: Params,
  b: Params,
  perms: Perms,
  config: MaskTransferConfig,
  rate: number,
): Mask[] {
  const ones = Mask.ones(b, prunableParams(arch));
  const rates = { rate, outputRate: config.outputRate };
  const own = prune(arch, b, ones, { kind: "magnitude-layerwise", ...rates });
  const fromA = prune(arch, a, ones, { kind: "magnitude-layerwise", ...rates });
  const random = prune(arch, b, ones, { kind: "random", ...rates, seed: config.seed });
  ones.dispose();
  return [own, permuteMask(arch, fromA, perms), fromA, random];
}

async function computeTransfer(
  config: MaskTransferConfig,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<MaskTransferRow[]> {
  const { arch } = config.pair;
  const { a, b, data } = await pairUnit(config.pair, progress, { ...options, recompute: false });
  const rows: MaskTransferRow[] = [];
  try {
    const perms = alignPerms(arch, b, a, data.train, config);
    for (const rate of config.rates) {
      const masks = transferMasks(arch, a, b, perms, config, rate);
      try {
        for (const [k, mask] of masks.entries()) {
          const init = pairInit(config.pair, 1);
          const label = `rate ${rate}: ${TRANSFER_MASKS[k]}`;
          let run;
          try {
            run = await trainUnit(arch, init, data, {
              optimizer: config.pair.optimizer,
              seed: config.pair.seeds[1],
              epochs: config.epochs,
              batchSize: config.pair.batchSize,
              evalEvery: 1e9,
              mask,
              progress: progress.stage(label, runSteps(config)),
              signal: options.signal,
              handleSigint: options.handleSigint,
              label,
            });
          } finally {
            disposeParams(init);
          }
          disposeParams(run.params);
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

/** Steps of one training run of B's init under a mask. */
function runSteps(config: MaskTransferConfig): number {
  const n = trainSize(config.pair.data);
  return Math.max(1, Math.round(config.epochs * Math.ceil(n / Math.min(config.pair.batchSize, n))));
}

/**
 * The sparse re-basin experiment (after Adnan et al. 2025): at each rate, prunes trained A and trained B once by
 * layerwise magnitude, aligns A to B (`permute(A, perms)` ≈ B, by activation or weight matching), and trains B's
 * init under four masks: B's own, A's permuted into B's basin, A's as it is, and a random mask of the same
 * per-layer density. The pair comes from {@link PAIR} (cached and reused). The result: one row per rate and
 * mask, in {@link TRANSFER_MASKS} order.
 */
export const MASK_TRANSFER: Experiment<MaskTransferConfig, MaskTransferRow[]> = {
  name: "gauge-mask-transfer",
  version: 2,
  check(config) {
    checkOptions(
      config,
      {
        pair: "object",
        rates: "array",
        outputRate: "number",
        matching: "string",
        epochs: "number",
        seed: "number",
      },
      "mask transfer config",
    );
    PAIR.check(config.pair);
    if (config.matching !== "activation" && config.matching !== "weight") {
      throw new Error(
        `mask transfer: matching must be "activation" or "weight"; got ${JSON.stringify(config.matching)}`,
      );
    }
  },
  steps: (config) => PAIR.steps(config.pair) + config.rates.length * TRANSFER_MASKS.length * runSteps(config),
  compute: computeTransfer,
};

/** Permutations with `permute(a, perms)` ≈ `b`: activation matching on 2,000 training rows, or weight matching. */
function alignPerms(
  arch: Architecture,
  b: Params,
  a: Params,
  trainSet: Dataset,
  config: MaskTransferConfig,
): Perms {
  if (config.matching === "weight") return weightMatching(arch, b, a, { seed: config.seed }).perms;
  const n = Math.min(2000, trainSet.numExamples);
  const X = tf.tensor2d(trainSet.X.subarray(0, n * trainSet.inDim), [n, trainSet.inDim]);
  try {
    return activationMatching(arch, b, a, X).perms;
  } finally {
    X.dispose();
  }
}
