import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { disposeParams, type Params } from "../core/params";
import type { Dataset } from "../data/dataset";
import { type Experiment } from "../experiment/experiment";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { activationMatching } from "../gauge/activation-matching";
import { interpolationCurve, lossBarrier, type InterpolationCurve } from "../gauge/interpolation";
import type { Perms } from "../gauge/perm";
import { permute } from "../gauge/permute";
import { weightMatching } from "../gauge/weight-matching";
import { evaluate } from "../train/evaluate";
import type { LossName } from "../train/loss";
import { PAIR, pairUnit, type PairConfig } from "./pair";

/** How network B is aligned to A before interpolating. */
export type AlignMethod = "naive" | "weight matching" | "activation matching";

/** The three alignments, in the order they are computed and plotted. */
export const ALIGN_METHODS: readonly AlignMethod[] = ["naive", "weight matching", "activation matching"];

/** Options of {@link matchedInterpolation}. */
export interface MatchedInterpolationOptions {
  /** Points on each segment, both ends included (default 25). */
  readonly numPoints?: number;
  /** Seed of weight matching's visiting order (default 0). */
  readonly seed?: number;
  /** Activation matching uses the first this many rows of `datasets.train` (or the first dataset); default 2000. */
  readonly matchExamples?: number;
  /** Default `"softmaxCrossEntropy"`. */
  readonly loss?: LossName;
}

/** One table row per alignment: the loss barrier on every dataset and the worst accuracy along the segment. */
export type BarrierRow = Readonly<Record<string, string | number>>;

/** What {@link matchedInterpolation} returns: plain JSON (cache it with `cached`). */
export interface MatchedInterpolation {
  /** `curves[method][datasetName]`: loss and accuracy along the segment from A (t = 0) to aligned B (t = 1). */
  readonly curves: Readonly<Record<AlignMethod, Readonly<Record<string, InterpolationCurve>>>>;
  /** The permutations of B's hidden units found by each matching (`permute(b, perms)` is aligned B). */
  readonly perms: { readonly weight: Perms; readonly activation: Perms };
  /** `{ method, "<dataset> barrier": ..., "<dataset> min acc": ... }` per method. */
  readonly rows: readonly BarrierRow[];
}

/**
 * Linear mode connectivity before and after matching (Git Re-Basin): aligns B to A by weight matching and by
 * activation matching, then evaluates the loss and accuracy along the straight segments A → B (naive),
 * A → π_w(B) and A → π_a(B) on every dataset, and tabulates the loss barriers.
 *
 * @param arch, a, b two networks of architecture `arch` (read, not disposed).
 * @param datasets named datasets, e.g. `{ train, test }`.
 * @returns curves, permutations and barrier rows; no tensors.
 * @throws when the architectures differ or a dataset does not fit (as the lib functions do).
 */
export function matchedInterpolation(
  arch: Architecture,
  a: Params,
  b: Params,
  datasets: Readonly<Record<string, Dataset>>,
  options: MatchedInterpolationOptions = {},
): MatchedInterpolation {
  const names = Object.keys(datasets);
  if (names.length === 0) throw new Error("matchedInterpolation: give at least one dataset");
  const matchOn = datasets.train ?? datasets[names[0]];
  const n = Math.min(options.matchExamples ?? 2000, matchOn.numExamples);
  const X = tf.tensor2d(matchOn.X.subarray(0, n * matchOn.inDim), [n, matchOn.inDim]);
  let activation: Perms;
  try {
    activation = activationMatching(arch, a, b, X).perms;
  } finally {
    X.dispose();
  }
  const weight = weightMatching(arch, a, b, { seed: options.seed ?? 0 }).perms;
  const loss = options.loss ?? "softmaxCrossEntropy";
  const numPoints = options.numPoints ?? 25;
  const curves = {} as Record<AlignMethod, Record<string, InterpolationCurve>>;
  const rows: BarrierRow[] = [];
  for (const method of ALIGN_METHODS) {
    const perms =
      method === "weight matching" ? weight : method === "activation matching" ? activation : null;
    const moved = perms ? permute(arch, b, perms) : b;
    const row: Record<string, string | number> = { method };
    curves[method] = {};
    try {
      for (const name of names) {
        const ds = datasets[name];
        const curve = interpolationCurve(a, moved, (p) => evaluate(arch, p, ds, { loss }), numPoints);
        curves[method][name] = curve;
        row[`${name} barrier`] = lossBarrier(curve);
        row[`${name} min acc`] = Math.min(...curve.acc);
      }
    } finally {
      if (perms) disposeParams(moved);
    }
    rows.push(row);
  }
  return { curves, perms: { weight, activation }, rows };
}

/** The unit of {@link MATCHED_INTERPOLATION}: the pair, the points per segment, the matching seed. */
export interface MatchedInterpolationConfig {
  readonly pair: PairConfig;
  readonly numPoints: number;
  readonly seed: number;
}

async function computeInterpolation(
  config: MatchedInterpolationConfig,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<MatchedInterpolation> {
  const pair = await pairUnit(config.pair, progress, { ...options, recompute: false });
  try {
    return matchedInterpolation(
      config.pair.arch,
      pair.a,
      pair.b,
      { train: pair.data.train, test: pair.data.test },
      {
        numPoints: config.numPoints,
        seed: config.seed,
      },
    );
  } finally {
    disposeParams(pair.a);
    disposeParams(pair.b);
  }
}

/** {@link matchedInterpolation} on the trained pair of `config.pair` (reused from its cache) as an experiment. */
export const MATCHED_INTERPOLATION: Experiment<MatchedInterpolationConfig, MatchedInterpolation> = {
  name: "gauge-interpolation",
  version: 2,
  check(config) {
    checkOptions(config, { pair: "object", numPoints: "number", seed: "number" }, "interpolation config");
    PAIR.check(config.pair);
    if (!(Number.isInteger(config.numPoints) && config.numPoints >= 2)) {
      throw new Error(`interpolation: numPoints must be an integer ≥ 2; got ${config.numPoints}`);
    }
  },
  steps: (config) => PAIR.steps(config.pair),
  compute: computeInterpolation,
};
