import type { MatchedInterpolation } from "../gauge-experiments/matched-interpolation";
import { ALIGN_METHODS } from "../gauge-experiments/matched-interpolation";
import { TRANSFER_MASKS, type MaskTransferRow } from "../gauge-experiments/mask-transfer-experiment";
import type { Figure } from "./figure";
import { lineBands } from "./lines";

/**
 * The interpolation curves of one dataset, one line per alignment, against t.
 *
 * @param metric `"loss"` (default) or `"acc"`.
 * @throws when `dataset` was not evaluated.
 */
export function interpolationFigure(
  result: MatchedInterpolation,
  dataset: string,
  metric: "loss" | "acc" = "loss",
): Figure {
  const series = ALIGN_METHODS.map((method) => {
    const curve = result.curves[method][dataset];
    if (!curve) throw new Error(`interpolationFigure: no curves for dataset "${dataset}"`);
    return { name: method, x: curve.t, ys: [metric === "loss" ? curve.loss : curve.acc] };
  });
  return lineBands(series, {
    title: `${metric === "loss" ? "Loss" : "Accuracy"} on ${dataset} along (1 − t)·A + t·B`,
    xTitle: "t",
    yTitle: `${dataset} ${metric === "loss" ? "loss" : "accuracy"}`,
  });
}

/** Test accuracy against density, one line per mask (x on a log scale). */
export function maskTransferFigure(rows: readonly MaskTransferRow[]): Figure {
  const series = TRANSFER_MASKS.map((name) => {
    const mine = rows.filter((r) => r.mask === name).sort((p, q) => p.density - q.density);
    return { name, x: mine.map((r) => r.density), ys: [mine.map((r) => r.testAcc)] };
  });
  return lineBands(series, {
    title: "Training B's init under a transferred mask",
    xTitle: "density (fraction of weights kept)",
    yTitle: "test accuracy",
    logX: true,
  });
}
