import { meanStd } from "../core/stats";
import { ARM_LABELS } from "../spline-experiments/arms";
import type { BasisRegressionResult } from "../spline-experiments/basis-regression";

/** One arm of a basis regression summarised over seeds. */
export type BasisSummaryRow = {
  readonly arm: string;
  readonly seeds: number;
  readonly finalTestMse: number;
  readonly finalTestMseStd: number;
  /** Mean fraction of first-layer units dead on the training inputs. */
  readonly deadUnits: number;
  /** Mean Kendall τ of the knot order, end against start (ordered layers; NaN otherwise). */
  readonly knotTau: number;
};

/**
 * The final test error (mean and std over seeds), dead units and knot-order τ of every arm, for `showTable`.
 *
 * @param results one {@link BasisRegressionResult} per seed (the same config).
 */
export function basisSummary(results: readonly BasisRegressionResult[]): BasisSummaryRow[] {
  if (results.length === 0) throw new Error("basisSummary: give at least one result");
  return results[0].runs.map(({ arm }, i) => {
    const runs = results.map((r) => r.runs[i]);
    const { mean, std } = meanStd(runs.map((run) => [run.testMse[run.testMse.length - 1]]));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      arm: ARM_LABELS[arm],
      seeds: results.length,
      finalTestMse: mean[0],
      finalTestMseStd: std[0],
      deadUnits: avg(runs.map((run) => run.deadFraction)),
      knotTau: runs[0].knotTau === undefined ? NaN : avg(runs.map((run) => run.knotTau as number)),
    };
  });
}
