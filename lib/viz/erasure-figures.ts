import { checkOptions } from "../core/check-options";
import type { ErasureRun } from "../optimizer-experiments/erasure-run";
import { erasureTable, type ErasureRow } from "../optimizer-experiments/erasure-summary";
import type { ErasureResult } from "../optimizer-experiments/picture-erasure";
import { type Figure, type Trace, baseLayout, makeFigure } from "./figure";
import { round4 } from "./matrix";
import { DIVERGING, seriesColor } from "./palette";

/**
 * The hidden matrix as images in a grid of optimizer (rows) × checkpoint step (columns), every tile on the
 * same fixed diverging scale `±result.range` (3 × W₀'s standard deviation), so a matrix that grew or shrank
 * shows it. One mosaic heatmap with 2-cell gaps; row and column labels as annotations.
 *
 * @param result the experiment's result. @param runs the rows, e.g. `bestStableRuns(result)`.
 * @returns a new figure; tiles are the stored snapshots (every k-th row and column of the matrix).
 */
export function erasureGrid(result: ErasureResult, runs: readonly ErasureRun[], pixel = 2): Figure {
  const [h, w] = result.snapshotShape;
  const gap = 2;
  const steps = runs[0]?.checkpoints.map((c) => c.step) ?? [];
  const height = runs.length * (h + gap) - gap;
  const width = steps.length * (w + gap) - gap;
  const z: (number | null)[][] = Array.from({ length: height }, () =>
    new Array<number | null>(width).fill(null),
  );
  runs.forEach((run, r) => {
    run.snapshots.forEach((snap, c) => {
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) z[r * (h + gap) + i][c * (w + gap) + j] = round4(snap[i * w + j]);
      }
    });
  });
  const annotations = [
    ...runs.map((run, r) => ({
      x: -4,
      y: r * (h + gap) + h / 2,
      xref: "x",
      yref: "y",
      text: `${run.kind}<br>lr ${run.lr}`,
      showarrow: false,
      xanchor: "right",
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
    zmin: -result.range,
    zmax: result.range,
    colorbar: { title: { text: "weight" } },
    hoverinfo: "z",
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
  /** The measure on y (a column of `erasureTable`). */
  readonly y: keyof ErasureRow;
  /** What goes on x: the lr (default, log axis), the final training loss, or ‖ΔW‖₂ (log axis). */
  readonly x?: "lr" | "trainLoss" | "specDW";
  readonly title?: string;
  readonly logY?: boolean;
}

/**
 * One line per optimizer through its lr sweep: a measure against lr, against the final training loss (compare
 * at equal loss) or against the update's spectral norm ‖ΔW‖₂ (compare at equal spectral size). Diverged runs are
 * left out.
 *
 * @throws on an unknown measure or option.
 */
export function erasureCurves(result: ErasureResult, options: ErasureCurvesOptions): Figure {
  checkOptions(options, { y: "string", x: "string?", title: "string?", logY: "boolean?" }, "erasureCurves");
  const { y, x = "lr" } = options;
  if (!(y in MEASURES))
    throw new Error(`erasureCurves: y must be one of ${Object.keys(MEASURES).join(", ")}; got ${y}`);
  if (!["lr", "trainLoss", "specDW"].includes(x))
    throw new Error(`erasureCurves: x must be lr, trainLoss or specDW`);
  const kinds = [...new Set(result.runs.map((r) => r.kind))];
  const data: Trace[] = kinds.map((kind, i) => {
    const rows = erasureTable(result.runs.filter((r) => r.kind === kind && r.diverged === null));
    const sorted = [...rows].sort((a, b) => Number(a[x]) - Number(b[x]));
    return {
      type: "scatter",
      mode: "lines+markers",
      name: kind,
      x: sorted.map((r) => r[x]),
      y: sorted.map((r) => r[y]),
      text: sorted.map((r) => `lr ${r.lr}`),
      line: { color: seriesColor(i) },
    };
  });
  const xTitle = x === "lr" ? "learning rate" : MEASURES[x];
  const layout = baseLayout({
    title: options.title ?? `${MEASURES[y]} against ${xTitle}`,
    xTitle,
    yTitle: MEASURES[y],
  });
  return makeFigure(data, {
    ...layout,
    xaxis: { ...(layout.xaxis as object), type: x === "trainLoss" ? "linear" : "log" },
    yaxis: { ...(layout.yaxis as object), type: options.logY ? "log" : "linear" },
  });
}
