import type * as tf from "@tensorflow/tfjs";
import { ssim } from "ssim.js";

/**
 * A matrix as a grey image at a fixed display range: `w ∈ [−range, range]` maps linearly onto 0–255, clipped, as
 * RGBA bytes for ssim.js.
 */
function toImage(values: ArrayLike<number>, rows: number, cols: number, range: number) {
  const data = new Uint8ClampedArray(rows * cols * 4);
  for (let i = 0; i < rows * cols; i++) {
    const grey = Math.round(((values[i] + range) / (2 * range)) * 255);
    data.set([grey, grey, grey, 255], 4 * i);
  }
  return { data, width: cols, height: rows };
}

/**
 * SSIM (Wang et al. 2004, ssim.js's "original" algorithm, 11×11 Gaussian windows) between two matrices shown
 * as images at the same fixed display range, e.g. a trained hidden matrix against its picture-initialised
 * start. 1 for identical images; near 0 for unrelated ones.
 *
 * @param reference `[rows, cols]`; read. @param W the same shape; read.
 * @param range the display range, `w ∈ [−range, range]` (e.g. 3 × W₀'s standard deviation); fixed, so a matrix
 *   that grew is not silently rescaled to look like its start.
 * @throws when the shapes differ, a matrix is under 11×11, or range is not a finite number > 0.
 */
export function pictureSsim(reference: tf.Tensor, W: tf.Tensor, range: number): number {
  if (reference.rank !== 2 || W.rank !== 2 || reference.shape.join() !== W.shape.join()) {
    throw new Error(
      `pictureSsim: reference [${reference.shape}] and W [${W.shape}] must be 2-D of the same shape`,
    );
  }
  if (!(Number.isFinite(range) && range > 0)) {
    throw new Error(`pictureSsim: range must be a finite number > 0; got ${range}`);
  }
  const [rows, cols] = W.shape;
  if (rows < 11 || cols < 11)
    throw new Error(`pictureSsim: SSIM needs at least 11×11 pixels; got ${rows}×${cols}`);
  const a = toImage(reference.dataSync(), rows, cols, range);
  const b = toImage(W.dataSync(), rows, cols, range);
  return ssim(a, b, { ssim: "original", downsample: false }).mssim;
}
