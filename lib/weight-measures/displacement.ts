import * as tf from "@tensorflow/tfjs";
import { effectiveRank, singularValues, stableRank } from "./spectrum";

/** How far a weight matrix moved from its start, `ΔW = W − W₀` (plain JSON). */
export type Displacement = {
  /** `‖ΔW‖_F / ‖W₀‖_F`. */
  readonly relFrobenius: number;
  /** `‖ΔW‖₂ / ‖W₀‖₂`. */
  readonly relSpectral: number;
  /** `‖ΔW‖₂`, the update's spectral norm (the scale a dualized optimizer controls). */
  readonly spectral: number;
  /** `‖ΔW‖_F² / ‖ΔW‖₂²`: near 1 when ΔW is close to rank one. */
  readonly stableRank: number;
  /** Roy & Vetterli's effective rank of ΔW. */
  readonly effectiveRank: number;
};

/**
 * The displacement measures of `W` from `W0`, from float64 SVDs on the host (about 0.2–0.5 s each at 256×256 on
 * wasm here). Pass `W0Spectral` (`singularValues(W0)[0]`) to skip W₀'s SVD when measuring many checkpoints.
 *
 * @param W0 `[rows, cols]`, the start; read. @param W `[rows, cols]`, the same shape; read.
 * @throws when the shapes differ, or as `singularValues`.
 */
export function displacement(W0: tf.Tensor, W: tf.Tensor, W0Spectral?: number): Displacement {
  if (!tf.util.arraysEqual(W0.shape, W.shape)) {
    throw new Error(`displacement: W0 [${W0.shape}] and W [${W.shape}] must have the same shape`);
  }
  const delta = tf.sub(W, W0);
  try {
    const sv = singularValues(delta);
    const w0Spectral = W0Spectral ?? singularValues(W0)[0];
    const frob = (t: tf.Tensor) => tf.tidy(() => tf.norm(t).dataSync()[0]);
    return {
      relFrobenius: frob(delta) / frob(W0),
      relSpectral: sv[0] / w0Spectral,
      spectral: sv[0],
      stableRank: stableRank(sv),
      effectiveRank: effectiveRank(sv),
    };
  } finally {
    delta.dispose();
  }
}
