import type { ErasureKind } from "./erasure-config";
import type { ErasureCheckpoint, ErasureRun } from "./erasure-run";
import type { ErasureResult } from "./picture-erasure";

/** The last checkpoint of a run (the end of training, or the last one reached before it diverged). */
export function finalCheckpoint(run: ErasureRun): ErasureCheckpoint {
  return run.checkpoints[run.checkpoints.length - 1];
}

/**
 * Each arm's largest stable lr: the largest lr of its sweep whose run did not diverge and whose test accuracy is
 * within `tolerance` (default 0.02) of the arm's best. This is the lr at which modula's example compares.
 *
 * @returns one run per arm, in config order (arms whose every run diverged are left out).
 */
export function bestStableRuns(result: ErasureResult, tolerance = 0.02): ErasureRun[] {
  const kinds = [...new Set(result.runs.map((r) => r.kind))];
  const out: ErasureRun[] = [];
  for (const kind of kinds) {
    const ok = result.runs.filter(
      (r) => r.kind === kind && r.diverged === null && Number.isFinite(r.testAcc),
    );
    if (ok.length === 0) continue;
    const best = Math.max(...ok.map((r) => r.testAcc));
    const stable = ok.filter((r) => r.testAcc >= best - tolerance).sort((a, b) => b.lr - a.lr);
    out.push(stable[0]);
  }
  return out;
}

/** One row of {@link erasureTable}: plain numbers, for `showTable`. */
export type ErasureRow = {
  readonly optimizer: ErasureKind;
  readonly lr: number;
  readonly testAcc: number;
  readonly trainLoss: number;
  /** ‖ΔW‖_F/‖W₀‖_F at the end. */
  readonly relFrob: number;
  /** ‖ΔW‖₂/‖W₀‖₂ at the end. */
  readonly relSpec: number;
  /** ‖ΔW‖₂. */
  readonly specDW: number;
  readonly stableRankDW: number;
  readonly effRankDW: number;
  /** Stable rank of the last single update. */
  readonly stableRankStep: number;
  readonly contrast: number;
  readonly ssim: number;
  readonly rescalingShare: number;
  readonly permutationShare: number;
};

/** The end-of-run measures of `runs` (e.g. every run, or `bestStableRuns(result)`), one row each. */
export function erasureTable(runs: readonly ErasureRun[]): ErasureRow[] {
  return runs.map((run) => {
    const c = finalCheckpoint(run);
    return {
      optimizer: run.kind,
      lr: run.lr,
      testAcc: run.testAcc,
      trainLoss: run.trainLoss,
      relFrob: c.relFrobenius,
      relSpec: c.relSpectral,
      specDW: c.spectral,
      stableRankDW: c.stableRank,
      effRankDW: c.effectiveRank,
      stableRankStep: c.stepStableRank,
      contrast: c.contrast,
      ssim: c.ssim,
      rescalingShare: run.gauge?.rescalingShare ?? NaN,
      permutationShare: run.gauge?.permutationShare ?? NaN,
    };
  });
}
