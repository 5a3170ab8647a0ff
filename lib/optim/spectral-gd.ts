import * as tf from "@tensorflow/tfjs";
import { type MatrixOptimizerConfig, MATRIX_OPTIONS, createMatrixOptimizer } from "./matrix-optimizer";
import type { OptimizerKind } from "./optimizer";

/**
 * The top singular value of `M` by `iters` power iterations on `MᵀM` from a fixed start (no sync).
 * @param M `[rows, cols]`; read. @returns a new scalar tensor the caller owns.
 */
export function spectralNormEstimate(M: tf.Tensor2D, iters = 12): tf.Scalar {
  return tf.tidy(() => {
    const cols = M.shape[1];
    // A fixed, non-constant start vector (a constant one is orthogonal to some singular vectors by design).
    let v = tf.tensor2d(
      Float32Array.from({ length: cols }, (_, i) => 1 + Math.sin(1 + i)),
      [cols, 1],
    );
    const Mt = tf.transpose(M); // explicit: on wasm, matMul with a transpose flag is about 10× slower
    for (let k = 0; k < iters; k++) {
      const w = tf.matMul(Mt, tf.matMul(M, v));
      v = tf.div(w, tf.add(tf.norm(w), 1e-30));
    }
    return tf.norm(tf.matMul(M, v)) as tf.Scalar;
  });
}

/** Spectrally normalised GD on the hidden matrices: `W ← W − lr·scale·M/‖M‖₂`; fallback elsewhere. */
export interface SpectralGdConfig extends MatrixOptimizerConfig {
  readonly kind: "spectral-gd";
}

/**
 * Spectral GD (see {@link SpectralGdConfig}): the update keeps its direction and singular vectors, and its
 * spectral norm is set to 1 (by 12 power iterations). Momentum off by default. Throws as `muon` on bad options.
 */
export const spectralGd: OptimizerKind<SpectralGdConfig> = {
  kind: "spectral-gd",
  options: MATRIX_OPTIONS,
  create(config) {
    return createMatrixOptimizer(
      config,
      (M) => tf.div(M, tf.add(spectralNormEstimate(M), 1e-12)),
      "spectral-gd",
      { momentum: 0, nesterov: false },
    );
  },
};
