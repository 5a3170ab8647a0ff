import { checkOptions } from "../core/check-options";
import type { ErasureRun } from "../optimizer-experiments/erasure-run";
import { type ErasureMeasure, erasureKinds, erasureRow } from "../optimizer-experiments/erasure-summary";
import type { ErasureResult } from "../optimizer-experiments/picture-erasure";
import { type Figure, type Trace, baseLayout, makeFigure } from "./figure";
import { lineBands } from "./lines";
import { DIVERGING } from "./palette";

/** Options of {@link erasureGrid}. */
export interface ErasureGridOptions {
  /** Show every k-th stored row and column (default: as many as keep each tile at most 64 cells wide). */
  readonly stride?: number;
  /** Pixels per cell in the PNG (default 2). */
  readonly pixel?: number;
  /** The checkpoint steps shown (default all). */
  readonly steps?: readonly number[];
}

/**
 * The hidden matrix as images in a grid of optimizer (rows) × checkpoint step (columns), every tile on the
 * same fixed diverging scale `±result.range` (3 × W₀'s standard deviation), so a matrix that grew or shrank
 * shows it. One mosaic heatmap with 2-cell gaps; to keep notebooks small its cells hold integers, the weight in
 * hundredths of the range (the colour bar is labelled in weights); row and column labels as annotations.
 *
 * @param result the experiment's result (one seed). @param runs the rows, e.g. `runsAt(result, bestStableLrs(results))`.
 * @returns a new figure; tiles are the stored snapshots, subsampled again by `stride`.
 * @throws on a stride that is not a positive integer, or a step that is not a checkpoint.
 */
export function erasureGrid(
  result: ErasureResult,
  runs: readonly ErasureRun[],
  options: ErasureGridOptions = {},
): Figure {
  checkOptions(options, { stride: "number?", pixel: "number?", steps: "array?" }, "erasureGrid");
  const [rows, cols] = result.snapshotShape;
  const stride = options.stride ?? Math.max(1, Math.ceil(Math.max(rows, cols) / 64));
  if (!(Number.isInteger(stride) && stride > 0)) {
    throw new Error(`erasureGrid: stride must be a positive integer; got ${stride}`);
  }
  const pixel = options.pixel ?? 2;
  const [h, w] = [Math.ceil(rows / stride), Math.ceil(cols / stride)];
  const gap = 2;
  const all = runs[0]?.checkpoints.map((c) => c.step) ?? [];
  const steps = options.steps ?? all;
  for (const step of steps) {
    if (!all.includes(step))
      throw new Error(`erasureGrid: step ${step} is not a checkpoint (${all.join(", ")})`);
  }
  const levels = 100; // the range in integer levels
  const height = runs.length * (h + gap) - gap;
  const width = steps.length * (w + gap) - gap;
  const z: (number | null)[][] = Array.from({ length: height }, () =>
    new Array<number | null>(width).fill(null),
  );
  runs.forEach((run, r) => {
    steps.forEach((step, c) => {
      const snap = run.snapshots[all.indexOf(step)];
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          const v = snap[i * stride * cols + j * stride];
          z[r * (h + gap) + i][c * (w + gap) + j] = Math.round((v / result.range) * levels);
        }
      }
    });
  });
  const annotations = [
    ...runs.map((run, r) => ({
      x: 0,
      y: r * (h + gap) + h / 2,
      xref: "paper",
      yref: "y",
      text: `${run.kind}<br>lr ${run.lr}`,
      showarrow: false,
      xanchor: "right",
      xshift: -6,
    })),
    ...steps.map((step, c) => ({
      x: c * (w + gap) + w / 2,
      y: -4,
      xref: "x",
      yref: "y",
      text: `step ${step}`,
      showarrow: false,
      yanchor: "bottom",
    })),
  ];
  const trace: Trace = {
    type: "heatmap",
    z,
    colorscale: DIVERGING,
    zmid: 0,
    zmin: -levels,
    zmax: levels,
    colorbar: {
      title: { text: "weight" },
      tickvals: [-levels, -levels / 2, 0, levels / 2, levels],
      ticktext: [-1, -0.5, 0, 0.5, 1].map((t) => (t * result.range).toPrecision(2)),
    },
    hoverinfo: "skip",
  };
  const hidden = { visible: false, showgrid: false, zeroline: false };
  return makeFigure([trace], {
    ...baseLayout({
      title: `${result.matrix} ${result.matrixShape.join("×")} during training (fixed colour range)`,
    }),
    width: width * pixel + 220,
    height: height * pixel + 110,
    margin: { l: 110, r: 20, t: 70, b: 10 },
    xaxis: { ...hidden, range: [-2, width + 1] },
    yaxis: { ...hidden, autorange: "reversed", scaleanchor: "x" },
    annotations,
  });
}

/** The measures {@link erasureCurves} can plot, with their axis titles. */
const MEASURES: Readonly<Record<string, string>> = {
  testAcc: "test accuracy",
  trainLoss: "final training loss",
  relFrob: "‖ΔW‖_F / ‖W₀‖_F",
  relSpec: "‖ΔW‖₂ / ‖W₀‖₂",
  specDW: "‖ΔW‖₂",
  stableRankDW: "stable rank of ΔW",
  effRankDW: "effective rank of ΔW",
  stableRankStep: "stable rank of one update",
  contrast: "watermark contrast (1 = as at init, 0 = erased)",
  ssim: "SSIM to W₀",
  rescalingShare: "share of ‖Δθ‖² along the rescaling orbit",
  permutationShare: "share of the distance undone by matching",
};

/** Options of {@link erasureCurves}. */
export interface ErasureCurvesOptions {
  /** The measure on y (a column of `erasureRow`). */
  readonly y: ErasureMeasure;
  /** What goes on x: the lr (default, log axis), the final training loss, or ‖ΔW‖₂ (log axis); means over seeds. */
  readonly x?: "lr" | "trainLoss" | "specDW";
  readonly title?: string;
  readonly logY?: boolean;
}

/**
 * One line per optimizer through its lr sweep, the mean over seeds with a ± std band: a measure against lr,
 * against the final training loss (compare at equal loss) or against the displacement's spectral norm ‖ΔW‖₂
 * (compare at equal spectral size); off the lr axis, x is the mean over seeds. An lr at which any seed diverged
 * is left out.
 *
 * @param results one result per seed (or one result).
 * @throws on an unknown measure or option.
 */
export function erasureCurves(
  results: ErasureResult | readonly ErasureResult[],
  options: ErasureCurvesOptions,
): Figure {
  checkOptions(options, { y: "string", x: "string?", title: "string?", logY: "boolean?" }, "erasureCurves");
  const all = Array.isArray(results) ? (results as readonly ErasureResult[]) : [results as ErasureResult];
  const { y, x = "lr" } = options;
  if (!(y in MEASURES)) {
    throw new Error(`erasureCurves: y must be one of ${Object.keys(MEASURES).join(", ")}; got ${y}`);
  }
  if (!["lr", "trainLoss", "specDW"].includes(x)) {
    throw new Error(`erasureCurves: x must be lr, trainLoss or specDW; got ${x}`);
  }
  const series = erasureKinds(all[0]).map((kind) => {
    const lrs = all[0].runs.filter((r) => r.kind === kind).map((r) => r.lr);
    const points = lrs
      .map((lr) => all.map((res) => res.runs.find((r) => r.kind === kind && r.lr === lr)))
      .filter((runs) => runs.every((r) => r !== undefined && r.diverged === null))
      .map((runs) => runs.map((r) => erasureRow(r as ErasureRun)))
      .map((rows) => ({ x: rows.reduce((sum, r) => sum + r[x], 0) / rows.length, ys: rows.map((r) => r[y]) }))
      .sort((a, b) => a.x - b.x);
    return {
      name: kind,
      x: points.map((p) => p.x),
      ys: all.map((_, s) => points.map((p) => p.ys[s])),
    };
  });
  const xTitle = x === "lr" ? "learning rate" : MEASURES[x];
  const seeds = all.length > 1 ? `, mean ± std over ${all.length} seeds` : "";
  return lineBands(series, {
    title: options.title ?? `${MEASURES[y]} against ${xTitle}${seeds}`,
    xTitle,
    yTitle: MEASURES[y],
    logX: x !== "trainLoss",
    logY: options.logY,
  });
}
