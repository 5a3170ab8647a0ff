import * as tf from "@tensorflow/tfjs";
import { type Picture, kernelFromPicture, resizeBilinear } from "./picture";

/**
 * How a picture goes into a weight matrix:
 * - `"multiply"`: `W ⊙ (1 − strength·ink)`, a mask (modula's weight-erasure set-up): with strength 1 the ink is 0;
 * - `"add"`: `W + strength·std(W)·(ink − mean)/std(ink)`;
 * - `"picture"`: W is replaced by the picture itself (`kernelFromPicture`, at W's standard deviation).
 */
export type WatermarkMode = "multiply" | "add" | "picture";

/** The modes, for option checks. */
export const WATERMARK_MODES: readonly WatermarkMode[] = ["multiply", "add", "picture"];

/**
 * The picture as ink on a `[rows, cols]` matrix: resized bilinearly, then scaled to [0, 1] (its darkest pixel 0,
 * its brightest 1), row-major.
 * @throws when the picture is malformed, non-finite or constant, or rows/cols are not positive integers.
 */
export function inkOf(pic: Picture, rows: number, cols: number): Float32Array {
  if (![rows, cols].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(
      `watermark: the matrix must be [rows, cols] of positive integers; got [${rows}, ${cols}]`,
    );
  }
  if (typeof pic !== "object" || pic === null || !pic.data || pic.data.length === 0) {
    throw new Error("watermark: the picture must be { data, height, width } with at least one pixel");
  }
  const ink = resizeBilinear(pic, rows, cols);
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of ink) {
    if (!Number.isFinite(v)) throw new Error("watermark: the picture holds NaN or ±Inf pixels");
    [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  if (!(hi > lo)) {
    throw new Error(
      `watermark: the picture resized to [${rows}, ${cols}] is constant, so it carries no pattern; ` +
        "use a picture with contrast, or a larger matrix",
    );
  }
  for (let i = 0; i < ink.length; i++) ink[i] = (ink[i] - lo) / (hi - lo);
  return ink;
}

/** Options of {@link watermarkKernel}. */
export interface WatermarkOptions {
  readonly mode: WatermarkMode;
  /** Default 1 (`"multiply"`: must lie in [0, 1]). Ignored by `"picture"`. */
  readonly strength?: number;
}

/**
 * A weight matrix with a picture in it (see {@link WatermarkMode}), to see later how far an optimizer moved it.
 *
 * @param W `[rows, cols]` (e.g. a hidden kernel); read, not disposed.
 * @param pic the picture, e.g. `glyphPicture("M")`; resized to W's shape.
 * @returns a new `[rows, cols]` tensor the caller owns.
 * @throws when W is not 2-D, the picture cannot be resized to it (empty, constant or non-finite), the mode is
 *   unknown or the strength is out of range.
 */
export function watermarkKernel(W: tf.Tensor, pic: Picture, options: WatermarkOptions): tf.Tensor2D {
  const { mode, strength = 1 } = options;
  if (!WATERMARK_MODES.includes(mode)) {
    throw new Error(
      `watermarkKernel: mode must be one of ${WATERMARK_MODES.join(", ")}; got ${JSON.stringify(mode)}`,
    );
  }
  if (!(W instanceof tf.Tensor) || W.rank !== 2) {
    throw new Error("watermarkKernel: W must be a 2-D tensor [rows, cols] (a weight matrix, not a bias)");
  }
  if (!Number.isFinite(strength) || strength < 0 || (mode === "multiply" && strength > 1)) {
    throw new Error(
      `watermarkKernel: strength must be ${mode === "multiply" ? "in [0, 1]" : "a finite number ≥ 0"}; got ${strength}`,
    );
  }
  const [rows, cols] = W.shape;
  const ink = inkOf(pic, rows, cols);
  const std = tf.tidy(() => Math.sqrt(tf.moments(W).variance.dataSync()[0]));
  if (mode === "picture")
    return kernelFromPicture({ data: ink, height: rows, width: cols }, rows, cols, std || undefined);
  return tf.tidy(() => {
    const inkT = tf.tensor2d(ink, [rows, cols]);
    if (mode === "multiply") return tf.mul(W, tf.sub(1, tf.mul(inkT, strength))) as tf.Tensor2D;
    const { mean, variance } = tf.moments(inkT);
    const z = tf.div(tf.sub(inkT, mean), tf.sqrt(variance));
    return tf.add(W, tf.mul(z, strength * std)) as tf.Tensor2D;
  });
}
