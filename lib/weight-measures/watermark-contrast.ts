import * as tf from "@tensorflow/tfjs";
import type { WatermarkMode } from "../core/watermark";

/**
 * The picture's signal in a matrix: the ink-weighted mean of f(w) minus the background-weighted mean, with
 * f = |·| for a multiplicative watermark (the mask shows in the weights' size) and f = identity otherwise.
 */
function signal(values: ArrayLike<number>, ink: ArrayLike<number>, mode: WatermarkMode): number {
  let [inkSum, inkW, bgSum, bgW] = [0, 0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    const f = mode === "multiply" ? Math.abs(values[i]) : values[i];
    inkSum += ink[i] * f;
    inkW += ink[i];
    bgSum += (1 - ink[i]) * f;
    bgW += 1 - ink[i];
  }
  return inkSum / inkW - bgSum / bgW;
}

/**
 * Watermark contrast: how much of the picture's signal (see `watermarkKernel`) is left in `W`, relative to the
 * start, `s(W) / s(W₀)`. It is exactly 1 at W = W₀ and near 0 when the picture is erased (it can go below 0).
 *
 * @param W0 `[rows, cols]`, the watermarked start; read. @param W the same shape; read.
 * @param ink the picture on the matrix, `[rows·cols]` in [0, 1] (`inkOf(pic, rows, cols)`).
 * @throws when the sizes differ, or the picture has no signal in W₀ (all ink or all background).
 */
export function watermarkContrast(
  W0: tf.Tensor,
  W: tf.Tensor,
  ink: ArrayLike<number>,
  mode: WatermarkMode,
): number {
  if (W0.size !== ink.length || W.size !== ink.length) {
    throw new Error(
      `watermarkContrast: W0 (${W0.size}), W (${W.size}) and ink (${ink.length}) must have the same size`,
    );
  }
  const s0 = signal(W0.dataSync(), ink, mode);
  if (!(Math.abs(s0) > 0) || !Number.isFinite(s0)) {
    throw new Error(
      "watermarkContrast: the picture leaves no signal in W0 (is W0 watermarked with this ink?)",
    );
  }
  return signal(W.dataSync(), ink, mode) / s0;
}
