import { type MatrixOptimizerConfig, MATRIX_OPTIONS, createMatrixOptimizer } from "./matrix-optimizer";
import { MUON_COEFFICIENTS, newtonSchulzUnchecked } from "./newton-schulz";
import type { OptimizerKind } from "./optimizer";

/**
 * Muon (Jordan et al. 2024) on the hidden weight matrices, a fallback (Adam by default) on every other param:
 * `m ← βm + (1 − β)g`, `M = (1 − β)g + βm` (Nesterov), `W ← W(1 − lr·wd) − lr·scale·NS5(M)`, β = 0.95, NS5 the
 * five quintic Newton–Schulz steps with (3.4445, −4.7750, 2.0315). See {@link MatrixOptimizerConfig} for the
 * options (`matrices`, `scale`, `fallback`, ...).
 */
export interface MuonConfig extends MatrixOptimizerConfig {
  readonly kind: "muon";
  /** Newton–Schulz iterations (default 5). */
  readonly nsSteps?: number;
}

/**
 * The Muon kind (see {@link MuonConfig}). `create` throws when lr ≤ 0, momentum ∉ [0, 1), nsSteps is not a
 * positive integer, the scale is unknown or the fallback is bad; the first step throws when `matrices` names a
 * param that is missing or not 2-D.
 */
export const muon: OptimizerKind<MuonConfig> = {
  kind: "muon",
  options: { ...MATRIX_OPTIONS, nsSteps: "number?" },
  create(config) {
    const nsSteps = config.nsSteps ?? 5;
    if (!(Number.isInteger(nsSteps) && nsSteps > 0)) {
      throw new Error(`muon: nsSteps must be a positive integer; got ${nsSteps}`);
    }
    return createMatrixOptimizer(
      config,
      (M) => newtonSchulzUnchecked(M, nsSteps, MUON_COEFFICIENTS),
      "muon",
      { momentum: 0.95, nesterov: true },
    );
  },
};
