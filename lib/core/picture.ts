import * as tf from "@tensorflow/tfjs";
import { initStd } from "./init-kernel";

/** A grey picture: `data` holds `height * width` numbers, row-major. */
export interface Picture {
  readonly data: ArrayLike<number>;
  readonly height: number;
  readonly width: number;
}

/** Bilinear resampling of `pic` to `[rows, cols]` (pixel centres aligned), row-major. */
export function resizeBilinear(pic: Picture, rows: number, cols: number): Float32Array {
  const { data, height, width } = pic;
  if (data.length !== height * width || height < 1 || width < 1) {
    throw new Error(`picture must hold height*width = ${height}*${width} numbers; got ${data.length}`);
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const y = Math.min(Math.max(((r + 0.5) * height) / rows - 0.5, 0), height - 1);
    const y0 = Math.floor(y);
    const y1 = Math.min(y0 + 1, height - 1);
    const fy = y - y0;
    for (let c = 0; c < cols; c++) {
      const x = Math.min(Math.max(((c + 0.5) * width) / cols - 0.5, 0), width - 1);
      const x0 = Math.floor(x);
      const x1 = Math.min(x0 + 1, width - 1);
      const fx = x - x0;
      const top = data[y0 * width + x0] * (1 - fx) + data[y0 * width + x1] * fx;
      const bottom = data[y1 * width + x0] * (1 - fx) + data[y1 * width + x1] * fx;
      out[r * cols + c] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * A kernel "from a picture": `pic` resized (bilinear) to `[inDim, outDim]`, then shifted to mean 0 and
 * scaled to standard deviation `std` (default Glorot's √(2/(in+out))), so a network starts from an image.
 *
 * @returns a `[inDim, outDim]` tensor the caller owns.
 * @throws when `inDim` or `outDim` is not a positive integer, a pixel is NaN/±Inf, or the picture is empty or
 *   constant (it would carry no pattern).
 */
export function kernelFromPicture(pic: Picture, inDim: number, outDim: number, std?: number): tf.Tensor2D {
  if (typeof pic !== "object" || pic === null || !pic.data) {
    throw new Error("kernelFromPicture: pic must be { data, height, width } (a grey picture, row-major)");
  }
  if (std !== undefined && !(Number.isFinite(std) && std > 0)) {
    throw new Error(`kernelFromPicture: std must be a finite number > 0; got ${std}`);
  }
  if (![inDim, outDim].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(
      `kernelFromPicture: inDim and outDim must be positive integers; got ${inDim} × ${outDim}`,
    );
  }
  for (let i = 0; i < pic.data.length; i++) {
    if (!Number.isFinite(pic.data[i])) {
      const row = Math.floor(i / pic.width);
      throw new Error(
        `kernelFromPicture: pixel ${i} (row ${row}, column ${i - row * pic.width}) is ${pic.data[i]}; ` +
          "replace missing or overflowed pixels with finite values first",
      );
    }
  }
  const values = resizeBilinear(pic, inDim, outDim); // checks the picture's shape
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let varSum = 0;
  for (const v of values) varSum += (v - mean) ** 2;
  const sd = Math.sqrt(varSum / values.length);
  if (!(sd > 0)) throw new Error("kernelFromPicture: the picture is constant, so it carries no pattern");
  const scale = (std ?? initStd("glorotNormal", inDim, outDim)) / sd;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] - mean) * scale;
  return tf.tensor2d(values, [inDim, outDim]);
}
