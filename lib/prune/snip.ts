import * as tf from "@tensorflow/tfjs";
import { type Architecture, layerSizes, prunableParams } from "../core/architecture";
import { forward } from "../core/forward";
import type { Params } from "../core/params";
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

/** `y` as one-hot `[batch, outDim]` floats. @throws when its shape does not match `X` and the output width. */
function oneHotLabels(y: tf.Tensor, batch: number, outDim: number): tf.Tensor2D {
  if (y.rank === 1 && y.shape[0] === batch)
    return tf.oneHot(tf.cast(y, "int32") as tf.Tensor1D, outDim).toFloat() as tf.Tensor2D;
  if (y.rank === 2 && y.shape[0] === batch && y.shape[1] === outDim)
    return tf.cast(y, "float32") as tf.Tensor2D;
  throw new Error(
    `snip: y must be [${batch}] class indices or [${batch}, ${outDim}] one-hot; got [${y.shape}]`,
  );
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
 * @throws on unknown layers, a mask that does not fit, or `X`/`y` shapes that do not fit `arch`.
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
  const sizes = layerSizes(arch);
  if (X.rank !== 2 || X.shape[1] !== arch.inDim) {
    throw new Error(`snip: X must be [batch, ${arch.inDim}] for this architecture; got [${X.shape}]`);
  }
  return tf.tidy(() => {
    const labels = oneHotLabels(y, X.shape[0], sizes[sizes.length - 1]);
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
 * @throws on a density outside (0, 1], unknown layers, a mask from another architecture, NaN weights.
 */
export function snip(arch: Architecture, params: Params, mask: Mask, options: SnipOptions): Mask {
  const strategy = "snip";
  const layers = resolveLayers(strategy, arch, options.layers, prunableParams(arch));
  checkDensity(strategy, options.density);
  checkInputs(strategy, arch, params, mask);
  const scoreTensors = snipScores(arch, params, mask, options.X, options.y, layers);
  const scores: Record<string, Float32Array> = {};
  for (const name of layers) scores[name] = scoreTensors[name].dataSync() as Float32Array;
  try {
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
