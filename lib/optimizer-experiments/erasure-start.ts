import * as tf from "@tensorflow/tfjs";
import { type Architecture, mlp } from "../core/architecture";
import { glyphPicture } from "../core/glyph";
import { initParams } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import { inkOf, watermarkKernel } from "../core/watermark";
import { hiddenMatrices } from "../optim/matrix-names";
import { singularValues } from "../weight-measures/spectrum";
import type { ErasureConfig } from "./erasure-config";

/** The shared start of every run of an erasure experiment. Owns `params`; `dispose()` frees them. */
export interface ErasureStart {
  readonly arch: Architecture;
  /** The seeded init with the picture in `matrix`. */
  readonly params: Params;
  /** The hidden matrix's param name, e.g. `dense1/kernel`. */
  readonly matrix: string;
  /** The picture on the matrix, `[rows·cols]` in [0, 1]. */
  readonly ink: Float32Array;
  /** The fixed display range of every picture of the matrix: 3 × W₀'s standard deviation. */
  readonly range: number;
  /** ‖W₀‖₂. */
  readonly spectral: number;
  dispose(): void;
}

/**
 * Builds the start: `initParams(mlp(sizes), { seed, init })`, then the glyph watermarked into the first hidden
 * matrix (`watermarkKernel`). The caller owns the result and disposes it.
 * @throws as `watermarkKernel` (a picture that cannot be resized to the matrix) or on sizes without one.
 */
export function erasureStart(config: ErasureConfig): ErasureStart {
  const arch = mlp(config.sizes);
  const [matrix] = hiddenMatrices(arch);
  if (!matrix) throw new Error(`picture erasure: mlp([${config.sizes}]) has no hidden matrix`);
  const init = initParams(arch, { seed: config.seed, init: config.init });
  const pic = glyphPicture(config.glyph, { pad: 1 });
  let W0: tf.Tensor2D;
  try {
    W0 = watermarkKernel(init[matrix], pic, { mode: config.mode, strength: config.strength });
  } catch (err) {
    disposeParams(init);
    throw err;
  }
  init[matrix].dispose();
  const params: Params = { ...init, [matrix]: W0 };
  const [rows, cols] = W0.shape;
  const std = tf.tidy(() => Math.sqrt(tf.moments(W0).variance.dataSync()[0]));
  return {
    arch,
    params,
    matrix,
    ink: inkOf(pic, rows, cols),
    range: 3 * std,
    spectral: singularValues(W0)[0],
    dispose: () => disposeParams(params),
  };
}

/** A row-major `[rows, cols]` array subsampled: every k-th row and column, k = ⌈max(rows, cols)/side⌉. */
export function subsample(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  side: number,
): { data: Float32Array; height: number; width: number } {
  const k = Math.max(1, Math.ceil(Math.max(rows, cols) / side));
  const [height, width] = [Math.ceil(rows / k), Math.ceil(cols / k)];
  const data = new Float32Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) data[r * width + c] = values[r * k * cols + c * k];
  }
  return { data, height, width };
}

/** {@link subsample} of a `[rows, cols]` tensor (one device sync; the tensor is read, not disposed). */
export function snapshot(W: tf.Tensor, side: number): { data: Float32Array; height: number; width: number } {
  const [rows, cols] = W.shape as [number, number];
  return subsample(W.dataSync(), rows, cols, side);
}
