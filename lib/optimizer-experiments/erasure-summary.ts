import { meanStd } from "../core/stats";
import type { ErasureKind } from "./erasure-config";
import type { ErasureCheckpoint, ErasureRun } from "./erasure-run";
import type { ErasureResult } from "./picture-erasure";

/** The last checkpoint of a run (the end of training, or the last one reached before it diverged). */
export function finalCheckpoint(run: ErasureRun): ErasureCheckpoint {
  return run.checkpoints[run.checkpoints.length - 1];
}

/** The optimizers of a result, in config order. */
export function erasureKinds(result: ErasureResult): ErasureKind[] {
  return [...new Set(result.runs.map((r) => r.kind))];
}

/**
 * Each optimizer's largest stable lr over seeds: the largest lr of its sweep at which no seed diverged and whose
 * mean test accuracy is within `tolerance` (default 0.02) of the optimizer's best mean. This is the lr at which
 * modula's example compares.
 *
 * @param results one result per seed, of the same config otherwise.
 * @returns kind → lr (optimizers whose every lr diverged for some seed are left out).
 */
export function bestStableLrs(
  results: readonly ErasureResult[],
  tolerance = 0.02,
): Partial<Record<ErasureKind, number>> {
  const out: Partial<Record<ErasureKind, number>> = {};
  for (const kind of erasureKinds(results[0])) {
    const lrs = results[0].runs.filter((r) => r.kind === kind).map((r) => r.lr);
    const ok = lrs
      .map((lr) => ({ lr, runs: results.map((res) => res.runs.find((r) => r.kind === kind && r.lr === lr)) }))
      .filter(({ runs }) =>
        runs.every((r) => r !== undefined && r.diverged === null && Number.isFinite(r.testAcc)),
      )
      .map(({ lr, runs }) => ({ lr, acc: runs.reduce((s, r) => s + (r?.testAcc ?? 0), 0) / runs.length }));
    if (ok.length === 0) continue;
    const best = Math.max(...ok.map((o) => o.acc));
    out[kind] = Math.max(...ok.filter((o) => o.acc >= best - tolerance).map((o) => o.lr));
  }
  return out;
}

/** The runs of one result at the given lr per optimizer (e.g. `bestStableLrs(results)`), in config order. */
export function runsAt(result: ErasureResult, lrs: Partial<Record<ErasureKind, number>>): ErasureRun[] {
  return result.runs.filter((r) => lrs[r.kind] === r.lr);
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

/** The measures of one run at its end. */
export function erasureRow(run: ErasureRun): ErasureRow {
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
}

/** The numeric measures of {@link ErasureRow}. */
export type ErasureMeasure = Exclude<keyof ErasureRow, "optimizer">;

/**
 * Mean and standard deviation over seeds of each measure, one row per optimizer at the given lrs: for every
 * measure `m`, a column `m` (mean) and `m±` (std over seeds; 0 for one seed). Diverged runs count as NaN.
 */
export function erasureTable(
  results: readonly ErasureResult[],
  lrs: Partial<Record<ErasureKind, number>>,
  measures: readonly ErasureMeasure[] = [
    "testAcc",
    "trainLoss",
    "relFrob",
    "relSpec",
    "stableRankDW",
    "stableRankStep",
    "contrast",
    "ssim",
  ],
): Record<string, number | string>[] {
  return erasureKinds(results[0])
    .filter((kind) => lrs[kind] !== undefined)
    .map((kind) => {
      const rows = results.map((res) => {
        const run = res.runs.find((r) => r.kind === kind && r.lr === lrs[kind]);
        if (!run) throw new Error(`erasureTable: no ${kind} run at lr ${lrs[kind]}`);
        return erasureRow(run);
      });
      const row: Record<string, number | string> = {
        optimizer: kind,
        lr: lrs[kind] ?? NaN,
        seeds: rows.length,
      };
      for (const m of measures) {
        const { mean, std } = meanStd(rows.map((r) => [r[m]]));
        row[m] = mean[0];
        row[`${m}±`] = std[0];
      }
      return row;
    });
}
