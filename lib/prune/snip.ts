import * as tf from "@tensorflow/tfjs";
import { type Architecture, layerSizes, prunableParams } from "../core/architecture";
import { forward } from "../core/forward";
import { assertFiniteParams, describeNonFinite, firstNonFinite } from "../core/finite";
import type { Params } from "../core/params";
import { checkLabels } from "../train/loss";
import type { Mask } from "../train/mask";
import { countToDensity, pruneLowest } from "./select";
import { checkDensity, checkInputs, resolveLayers, type LayerOptions, type PruneKind } from "./strategy";

/** Options of {@link snip}. */
export interface SnipOptions extends LayerOptions {
  /** Inputs `[batch, inDim]` of the one batch the scores are computed on. Not disposed. */
  readonly X: tf.Tensor2D;
  /** Labels: class indices `[batch]` or one-hot `[batch, outDim]`. Not disposed. */
  readonly y: tf.Tensor;
  /** Target fraction of the chosen layers' weights kept, in (0, 1]. */
  readonly density: number;
}

/**
 * Checks `y` against `X`'s batch and the output width: `[batch]` class indices, each an integer in
 * [0, outDim), or `[batch, outDim]` one-hot (or soft) rows, each of entries >= 0 summing to 1. A label out of
 * range would one-hot to a zero row, a zero loss and all-zero scores. Reads `y` (one device sync).
 *
 * @throws naming the shape, or the first bad label or row.
 */
function checkLabelsFit(y: tf.Tensor, batch: number, outDim: number): void {
  const isIndices = y.rank === 1 && y.shape[0] === batch;
  if (!isIndices && !(y.rank === 2 && y.shape[0] === batch && y.shape[1] === outDim)) {
    throw new Error(
      `snip: y must be [${batch}] class indices or [${batch}, ${outDim}] one-hot; got [${y.shape}]`,
    );
  }
  const values = y.dataSync();
  if (isIndices) return checkLabels(values, outDim, "snip");
  for (let row = 0; row < batch; row++) {
    let sum = 0;
    for (let k = row * outDim; k < (row + 1) * outDim; k++) sum += values[k] >= 0 ? values[k] : NaN;
    if (!(Math.abs(sum - 1) <= 1e-5)) {
      const entries = Array.from(values.subarray(row * outDim, (row + 1) * outDim));
      throw new Error(
        `snip: y row ${row} is [${entries.join(", ")}]; a one-hot (or soft) label row must hold entries >= 0 ` +
          "summing to 1",
      );
    }
  }
}

/** `y` (checked by {@link checkLabelsFit}) as one-hot `[batch, outDim]` floats. */
function oneHotLabels(y: tf.Tensor, outDim: number): tf.Tensor2D {
  if (y.rank === 1) return tf.oneHot(tf.cast(y, "int32") as tf.Tensor1D, outDim).toFloat() as tf.Tensor2D;
  return tf.cast(y, "float32") as tf.Tensor2D;
}

/**
 * SNIP connection sensitivities (Lee et al. 2019) `|w ⊙ ∂L/∂w|`, with L the mean softmax cross-entropy of the
 * masked network `forward(arch, mask.apply(params), X)` against `y` (the gradient is taken at the masked
 * weights, i.e. ∂L/∂c at c = mask). The activations are the architecture's own.
 *
 * @param arch the architecture. @param params its params; untouched.
 * @param mask the current mask (applied in the forward pass); untouched.
 * @param X inputs `[batch, inDim]`. @param y class indices `[batch]` or one-hot `[batch, outDim]`.
 * @param layers the prunable params to score (default all).
 * @returns one score tensor per layer, shaped like its param (a kernel: `[in, out]`); the caller owns them.
 * @throws on unknown layers, a mask that does not fit, `X`/`y` shapes that do not fit `arch`, a label that is
 *   not a class index in [0, outDim) (or a one-hot row that is not one), or params or `X` holding NaN or Inf
 *   (each checked once, a device sync each).
 */
export function snipScores(
  arch: Architecture,
  params: Params,
  mask: Mask,
  X: tf.Tensor2D,
  y: tf.Tensor,
  layers?: readonly string[],
): Record<string, tf.Tensor> {
  const names = resolveLayers("snip", arch, layers, prunableParams(arch));
  assertFiniteParams(params, "snip");
  return scoresOf(arch, params, mask, X, y, names);
}

/** {@link snipScores} on finite params and checked layer names; checks `X` and `y`. */
function scoresOf(
  arch: Architecture,
  params: Params,
  mask: Mask,
  X: tf.Tensor2D,
  y: tf.Tensor,
  names: readonly string[],
): Record<string, tf.Tensor> {
  if (X.rank !== 2 || X.shape[1] !== arch.inDim) {
    throw new Error(`snip: X must be [batch, ${arch.inDim}] for this architecture; got [${X.shape}]`);
  }
  const sizes = layerSizes(arch);
  const outDim = sizes[sizes.length - 1];
  checkLabelsFit(y, X.shape[0], outDim);
  if (firstNonFinite([X]) >= 0) throw new Error(`snip: X holds NaN or Inf values (${describeNonFinite(X)})`);
  return tf.tidy(() => {
    const labels = oneHotLabels(y, outDim);
    const masked = mask.apply(params);
    const loss = (...ws: tf.Tensor[]): tf.Scalar => {
      const p: Record<string, tf.Tensor> = { ...masked };
      names.forEach((name, i) => (p[name] = ws[i]));
      return tf.losses.softmaxCrossEntropy(labels, forward(arch, p, X)) as tf.Scalar;
    };
    const grads = tf.grads(loss)(names.map((name) => masked[name]));
    const out: Record<string, tf.Tensor> = {};
    names.forEach((name, i) => (out[name] = tf.abs(tf.mul(params[name], grads[i]))));
    return out;
  });
}

/**
 * SNIP pruning, one shot: keeps exactly `Math.round(density × total)` weights of the chosen layers, those of
 * highest {@link snipScores} (one global ranking; ties: earlier layer, then lower row-major index, pruned first).
 *
 * @param options `X [batch, inDim]`, `y`, `density`, `layers` (default every prunable param).
 * @returns a new mask; the caller owns it. Inputs (params, mask, X, y) are untouched.
 * @throws on a density outside (0, 1], unknown layers, a mask from another architecture, NaN or Inf weights or
 *   inputs, or labels that are not class indices in [0, outDim) (see {@link snipScores}).
 */
export function snip(arch: Architecture, params: Params, mask: Mask, options: SnipOptions): Mask {
  const strategy = "snip";
  const layers = resolveLayers(strategy, arch, options.layers, prunableParams(arch));
  checkDensity(strategy, options.density);
  checkInputs(strategy, arch, params, mask);
  const scoreTensors = scoresOf(arch, params, mask, options.X, options.y, layers);
  try {
    const scores: Record<string, Float32Array> = {};
    for (const name of layers) scores[name] = scoreTensors[name].dataSync() as Float32Array;
    return pruneLowest(strategy, arch, mask, scores, [
      { layers, count: countToDensity(strategy, options.density) },
    ]);
  } finally {
    tf.dispose(Object.values(scoreTensors));
  }
}

/** The registry entry `{ kind: "snip", X, y, density, layers? }` (see {@link snip}). */
export const snipKind: PruneKind<SnipOptions> = {
  kind: "snip",
  options: { X: "tensor", y: "tensor", density: "number", layers: "array?" },
  prune: snip,
};
