import { checkOptions } from "../core/check-options";
import { ARM_LABELS, type BasisArm } from "../spline-experiments/arms";
import type { BasisRegressionResult } from "../spline-experiments/basis-regression";
import type { ConvexBridgeResult } from "../spline-experiments/convex-bridge";
import type { KanToyResult } from "../spline-experiments/kan-toy";
import type { MnistBasesResult } from "../spline-experiments/mnist-bases";
import { baseLayout, type Figure, makeFigure, type Titles, TITLE_OPTIONS, type Trace } from "./figure";
import { lineBands, type SeedSeries } from "./lines";
import { seriesColor, withAlpha } from "./palette";

const seedCount = (n: number) => `${n} seed${n === 1 ? "" : "s"}`;

/** `fig` with its x-axis ticks at exactly `values` (a log axis would otherwise tick 2, 3, …, 9, 10, 2, 3). */
function withTicks(fig: Figure, values: readonly number[]): Figure {
  const xaxis = { ...(fig.layout.xaxis as object), tickvals: [...values], ticktext: values.map(String) };
  return { ...fig, layout: { ...fig.layout, xaxis } };
}

function runOf(result: BasisRegressionResult, arm: BasisArm) {
  const run = result.runs.find((r) => r.arm === arm);
  if (!run)
    throw new Error(`this result has no arm "${arm}"; it has ${result.runs.map((r) => r.arm).join(", ")}`);
  return run;
}

/**
 * Test MSE against training steps for every arm of a 1-D basis regression: the mean over seeds with their
 * range, log y.
 *
 * @param results one {@link BasisRegressionResult} per seed (the same config).
 * @returns a new figure.
 */
export function basisErrorFigure(results: readonly BasisRegressionResult[], titles: Titles = {}): Figure {
  checkOptions(titles, TITLE_OPTIONS, "basisErrorFigure");
  if (results.length === 0) throw new Error("basisErrorFigure: give at least one result");
  const series: SeedSeries[] = results[0].runs.map(({ arm, steps }) => ({
    name: ARM_LABELS[arm],
    x: steps,
    ys: results.map((r) => runOf(r, arm).testMse),
  }));
  return lineBands(series, {
    title: `Test error against steps (${seedCount(results.length)}, band: min–max)`,
    xTitle: "full-batch Adam steps",
    yTitle: "test MSE vs the noise-free target (log scale)",
    ...titles,
    logY: true,
    band: "range",
  });
}

/**
 * One arm's learned function against the target and the training samples (top panel), with its first-layer
 * units drawn underneath (bottom panel, each scaled to a peak of 1) so the basis behind the fit is visible.
 *
 * @returns a new figure.
 */
export function basisFitFigure(result: BasisRegressionResult, arm: BasisArm, titles: Titles = {}): Figure {
  checkOptions(titles, TITLE_OPTIONS, "basisFitFigure");
  const run = runOf(result, arm);
  const grey = "#9e9e9e";
  const units: Trace[] = run.basis.map((row, j) => {
    const peak = Math.max(...row.map(Math.abs)) || 1;
    return {
      type: "scatter",
      mode: "lines",
      x: [...result.x],
      y: row.map((v) => v / peak),
      yaxis: "y2",
      line: { color: withAlpha(grey, 0.7), width: 1 },
      hoverinfo: "skip",
      showlegend: j === 0,
      legendgroup: "units",
      name: `first-layer units (${run.basis.length}, each scaled to peak 1)`,
    };
  });
  const data: Trace[] = [
    ...units,
    {
      type: "scatter",
      mode: "lines",
      x: [...result.x],
      y: [...result.target],
      name: "target",
      line: { color: "#000", dash: "dot", width: 2 },
    },
    {
      type: "scatter",
      mode: "markers",
      x: [...result.trainX],
      y: [...result.trainY],
      name: "training samples",
      marker: { color: "#000", size: 5 },
    },
    {
      type: "scatter",
      mode: "lines",
      x: [...result.x],
      y: [...run.prediction],
      name: "learned function",
      line: { color: seriesColor(0), width: 3 },
    },
  ];
  const layout = baseLayout(
    { title: `${ARM_LABELS[arm]} (seed ${result.seed})`, xTitle: "x", yTitle: "f(x)", ...titles },
    {
      yaxis2: {
        overlaying: "y",
        side: "right",
        range: [0, 4],
        title: { text: "unit output / its peak" },
        showgrid: false,
      },
    },
  );
  return makeFigure(data, layout);
}

/**
 * The convex bridge: each trained width's gap to the certified optimum of the same objective, the mean over
 * seeds with their range, on log axes. The gap is `objective − lower bound ≥ 0`.
 *
 * @returns a new figure.
 */
export function convexGapFigure(results: readonly ConvexBridgeResult[], titles: Titles = {}): Figure {
  checkOptions(titles, TITLE_OPTIONS, "convexGapFigure");
  if (results.length === 0) throw new Error("convexGapFigure: give at least one result");
  const active = results[0].optimum.numActive;
  return lineBands(
    [{ name: "trained net − convex optimum", x: results[0].widths, ys: results.map((r) => r.gaps) }],
    {
      title: `Objective gap to the hinge-Lasso optimum (${seedCount(results.length)}; the optimum uses ${active} hinges)`,
      xTitle: "hidden width (log scale)",
      yTitle: "mse + (λ/2)Σw² − optimum (log scale)",
      ...titles,
      logX: true,
      logY: true,
    },
  );
}

/**
 * The convex optimum (a linear spline with few knots) beside the trained nets of every width, for one seed.
 *
 * @returns a new figure.
 */
export function convexFitFigure(result: ConvexBridgeResult, titles: Titles = {}): Figure {
  checkOptions(titles, TITLE_OPTIONS, "convexFitFigure");
  const data: Trace[] = [
    ...result.predictions.map((y, i): Trace => ({
      type: "scatter",
      mode: "lines",
      x: [...result.x],
      y: [...y],
      name: `trained, width ${result.widths[i]}`,
      line: { color: seriesColor(i + 1), width: 1.5 },
    })),
    {
      type: "scatter",
      mode: "lines",
      x: [...result.x],
      y: [...result.optimumPrediction],
      name: "convex optimum",
      line: { color: "#000", width: 3 },
    },
    {
      type: "scatter",
      mode: "markers",
      x: [...result.trainX],
      y: [...result.trainY],
      name: "training samples",
      marker: { color: "#000", size: 6 },
    },
  ];
  return makeFigure(
    data,
    baseLayout({
      title: `Trained nets and the convex optimum (seed ${result.seed})`,
      xTitle: "x",
      yTitle: "f(x)",
      ...titles,
    }),
  );
}

/**
 * Train and test RMSE against grid size for the frozen-grid KAN and the parameter-matched MLP, the mean over
 * seeds with their range, log axes.
 *
 * @returns a new figure.
 */
export function kanGridFigure(results: readonly KanToyResult[], titles: Titles = {}): Figure {
  checkOptions(titles, TITLE_OPTIONS, "kanGridFigure");
  if (results.length === 0) throw new Error("kanGridFigure: give at least one result");
  const grids = results[0].rows.map((r) => r.grid);
  const series = (name: string, pick: (row: KanToyResult["rows"][number]) => number): SeedSeries => ({
    name,
    x: grids,
    ys: results.map((r) => r.rows.map(pick)),
  });
  const fig = lineBands(
    [
      series("KAN [2,1,1], frozen grid: train", (row) => row.kan.trainRmse),
      series("KAN [2,1,1], frozen grid: test", (row) => row.kan.testRmse),
      series("MLP, matched parameters: train", (row) => row.mlp.trainRmse),
      series("MLP, matched parameters: test", (row) => row.mlp.testRmse),
    ],
    {
      title: `exp(sin πx + y²): RMSE against grid size (${seedCount(results.length)}, band: min–max)`,
      xTitle: "grid size G (log scale)",
      yTitle: "RMSE (log scale)",
      ...titles,
      logX: true,
      logY: true,
      band: "range",
    },
  );
  return withTicks(fig, grids);
}

/**
 * Test accuracy against epochs for every MNIST arm, mean ± std over seeds.
 *
 * @returns a new figure.
 */
export function mnistBasesFigure(results: readonly MnistBasesResult[], titles: Titles = {}): Figure {
  checkOptions(titles, TITLE_OPTIONS, "mnistBasesFigure");
  if (results.length === 0) throw new Error("mnistBasesFigure: give at least one result");
  const series = results[0].runs.map(({ arm, epochs }) => ({
    name: ARM_LABELS[arm],
    x: epochs,
    ys: results.map((r) =>
      (r.runs.find((run) => run.arm === arm) ?? { testAcc: [] }).testAcc.map((a) => 100 * a),
    ),
  }));
  return lineBands(series, {
    title: `MNIST-10k test accuracy (${seedCount(results.length)}, band: ± std)`,
    xTitle: "epoch",
    yTitle: "test accuracy (%)",
    ...titles,
  });
}
