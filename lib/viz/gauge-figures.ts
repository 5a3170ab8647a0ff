import type { MatchedInterpolation } from "../gauge-experiments/matched-interpolation";
import { ALIGN_METHODS } from "../gauge-experiments/matched-interpolation";
import { TRANSFER_MASKS, type MaskTransferRow } from "../gauge-experiments/mask-transfer-experiment";
import type { Figure } from "./figure";
import { lineBands } from "./lines";

/** `lineBands` names a line measured on n runs "(n seeds)"; here each run is a pair of networks. */
function perPair(fig: Figure, numPairs: number): Figure {
  if (numPairs < 2) return fig;
  const data = fig.data.map((t) =>
    typeof t.name === "string" ? { ...t, name: t.name.replace(/\((\d+) seeds\)$/, "($1 pairs)") } : t,
  );
  return { ...fig, data };
}

const pairsNote = (n: number) => (n > 1 ? ` (mean ± std over ${n} pairs)` : "");

/**
 * The interpolation curves of one dataset, one line per alignment, against t; given several pairs' results,
 * the mean over pairs with a ± std band, and the number of pairs in the legend and title. Accuracy in %.
 *
 * @param result one pair's result, or one per pair (all evaluated on `dataset` with the same points).
 * @param metric `"loss"` (default) or `"acc"`.
 * @throws when `dataset` was not evaluated, or `result` is an empty list.
 */
export function interpolationFigure(
  result: MatchedInterpolation | readonly MatchedInterpolation[],
  dataset: string,
  metric: "loss" | "acc" = "loss",
): Figure {
  const runs: readonly MatchedInterpolation[] = Array.isArray(result)
    ? result
    : [result as MatchedInterpolation];
  if (runs.length === 0) throw new Error("interpolationFigure: give at least one result");
  const series = ALIGN_METHODS.map((method) => {
    const curves = runs.map((run) => run.curves[method][dataset]);
    if (curves.some((c) => !c)) throw new Error(`interpolationFigure: no curves for dataset "${dataset}"`);
    const ys = curves.map((c) => (metric === "loss" ? [...c.loss] : c.acc.map((a) => 100 * a)));
    return { name: method, x: [...curves[0].t], ys };
  });
  const fig = lineBands(series, {
    title: `${metric === "loss" ? "Loss" : "Accuracy"} on ${dataset} along (1 − t)·A + t·B${pairsNote(runs.length)}`,
    xTitle: "t",
    yTitle: `${dataset} ${metric === "loss" ? "loss" : "accuracy (%)"}`,
  });
  return perPair(fig, runs.length);
}

/**
 * Test accuracy (%) against density, one line per mask (x on a log scale); given several pairs' rows, the mean
 * over pairs with a ± std band and the number of pairs in the legend and title.
 *
 * @param rows one pair's {@link MASK_TRANSFER} rows, or one row list per pair (the same rates in each).
 * @throws when `rows` is an empty list of pairs.
 */
export function maskTransferFigure(
  rows: readonly MaskTransferRow[] | readonly (readonly MaskTransferRow[])[],
): Figure {
  if (rows.length === 0) throw new Error("maskTransferFigure: give at least one row");
  const runs = (Array.isArray(rows[0]) ? rows : [rows]) as readonly (readonly MaskTransferRow[])[];
  const series = TRANSFER_MASKS.map((name) => {
    const mine = runs.map((run) => run.filter((r) => r.mask === name).sort((p, q) => p.density - q.density));
    return { name, x: mine[0].map((r) => r.density), ys: mine.map((m) => m.map((r) => 100 * r.testAcc)) };
  });
  const fig = lineBands(series, {
    title: `Training B's init under a transferred mask${pairsNote(runs.length)}`,
    xTitle: "density (fraction of weights kept)",
    yTitle: "test accuracy (%)",
    logX: true,
  });
  return perPair(fig, runs.length);
}
