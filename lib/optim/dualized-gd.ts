import { type MatrixOptimizerConfig, MATRIX_OPTIONS, createMatrixOptimizer } from "./matrix-optimizer";
import { MUON_COEFFICIENTS, newtonSchulzUnchecked } from "./newton-schulz";
import type { OptimizerKind } from "./optimizer";

/**
 * "Dualized" GD with exact orthogonalisation on the hidden matrices: `W ← W − lr·scale·UVᵀ` for `M = USVᵀ`;
 * fallback elsewhere. The polar factor is computed on the device by Muon's 5 Newton–Schulz steps and then
 * `polishSteps` steps of `POLAR_COEFFICIENTS` (15/8, −10/8, 3/8), which drive every singular value above about 1e-3·‖M‖_F to 1
 * (tested against a float64 SVD).
 */
export interface DualizedGdConfig extends MatrixOptimizerConfig {
  readonly kind: "dualized-gd";
  /** Polishing steps after the 5 Muon steps (default 6). */
  readonly polishSteps?: number;
}

/** Dualized GD (see {@link DualizedGdConfig}). Momentum off by default. Throws as `muon` on bad options. */
export const dualizedGd: OptimizerKind<DualizedGdConfig> = {
  kind: "dualized-gd",
  options: { ...MATRIX_OPTIONS, polishSteps: "number?" },
  create(config) {
    const polish = config.polishSteps ?? 6;
    if (!(Number.isInteger(polish) && polish >= 0)) {
      throw new Error(`dualized-gd: polishSteps must be an integer ≥ 0; got ${polish}`);
    }
    return createMatrixOptimizer(
      config,
      (M) => newtonSchulzUnchecked(M, 5, MUON_COEFFICIENTS, polish),
      "dualized-gd",
      { momentum: 0, nesterov: false },
    );
  },
};
