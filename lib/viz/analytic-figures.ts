import type { HingeGdResult } from "../analytic-experiments/hinge-gd";
import { netPredict } from "../analytic-experiments/nets";
import { type Figure, type Trace, baseLayout, makeFigure } from "./figure";
import { lineBands } from "./lines";
import { seriesColor } from "./palette";

/**
 * 1-D: the data, the convex optimum (a linear spline, knots marked) and the Adam nets of every width (one line
 * per seed), on a grid over the data's range.
 *
 * @param results one {@link HingeGdResult} per seed (the same data and optimum).
 */
export function hingeFitsFigure(results: readonly HingeGdResult[]): Figure {
  const { x, y, optimum } = results[0];
  const [lo, hi] = [Math.min(...x), Math.max(...x)];
  const grid = Array.from({ length: 300 }, (_, i) => lo + ((hi - lo) * i) / 299);
  const data: Trace[] = [
    { type: "scatter", mode: "markers", x, y, name: "data", marker: { color: "#333", size: 6 } },
  ];
  results[0].runs.forEach((run, w) => {
    results.forEach((r, s) => {
      data.push({
        type: "scatter",
        mode: "lines",
        x: grid,
        y: Array.from(netPredict(r.runs[w].net, grid)),
        name: `Adam, width ${run.width}`,
        legendgroup: `w${run.width}`,
        showlegend: s === 0,
        line: { color: seriesColor(w + 1), width: 1 },
        opacity: 0.7,
      });
    });
  });
  const knots = Array.from(optimum.net.b, (b, j) => -b / optimum.net.u[j]);
  data.push({
    type: "scatter",
    mode: "lines",
    x: grid,
    y: Array.from(netPredict(optimum.net, grid)),
    name: "convex optimum",
    line: { color: "black", width: 3, dash: "dash" },
  });
  data.push({
    type: "scatter",
    mode: "markers",
    x: knots,
    y: Array.from(netPredict(optimum.net, knots)),
    name: `its ${knots.length} knots`,
    marker: { symbol: "x", size: 11, color: "black" },
  });
  return makeFigure(
    data,
    baseLayout({ title: "1-D: the convex optimum and Adam nets", xTitle: "x", yTitle: "f(x)" }),
  );
}

/**
 * The certified optimality gap of each Adam run, objective − the Lasso's dual bound (≥ 0), against steps: mean
 * ± std over seeds, one band per width, log scale (gaps below 1e-9 drawn at 1e-9).
 */
export function hingeGapFigure(results: readonly HingeGdResult[]): Figure {
  const bound = results[0].optimum.lowerBound;
  const series = results[0].runs.map((run, w) => ({
    name: `width ${run.width}`,
    x: run.steps,
    ys: results.map((r) => r.runs[w].objective.map((v) => Math.max(1e-9, v - bound))),
  }));
  return lineBands(series, {
    title: "Adam's gap to the global optimum",
    xTitle: "Adam step",
    yTitle: "objective − certified lower bound",
    logY: true,
  });
}

/** The final gap against width (mean ± std over seeds), with the optimum's number of knots marked. */
export function hingeGapWidthFigure(results: readonly HingeGdResult[]): Figure {
  const bound = results[0].optimum.lowerBound;
  const widths = results[0].runs.map((r) => r.width);
  const fig = lineBands(
    [
      {
        name: "final gap",
        x: widths,
        ys: results.map((r) => r.runs.map((run) => Math.max(1e-9, (run.objective.at(-1) ?? NaN) - bound))),
      },
    ],
    {
      title: "Final gap against width",
      xTitle: "width",
      yTitle: "objective − certified lower bound",
      logX: true,
      logY: true,
    },
  );
  const k = results[0].optimum.numKnots;
  return makeFigure(fig.data, {
    ...fig.layout,
    shapes: [
      { type: "line", x0: k, x1: k, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "black" } },
    ],
    annotations: [{ x: Math.log10(k), yref: "paper", y: 1, text: `${k} knots`, showarrow: false }],
  });
}

/** Raw, gauge (balanced + matched) and function distances to the optimum per width, mean over seeds. */
export function gaugeDistanceFigure(results: readonly HingeGdResult[]): Figure {
  const widths = results[0].runs.map((r) => String(r.width));
  const mean = (f: (run: HingeGdResult["runs"][number]) => number) =>
    results[0].runs.map((_, w) => results.reduce((s, r) => s + f(r.runs[w]), 0) / results.length);
  const bars: Trace[] = [
    {
      type: "bar",
      name: "raw ‖θ_GD − θ*‖",
      x: widths,
      y: mean((r) => r.rawDistance),
      marker: { color: seriesColor(0) },
    },
    {
      type: "bar",
      name: "modulo gauge (balance, match)",
      x: widths,
      y: mean((r) => r.gaugeDistance),
      marker: { color: seriesColor(1) },
    },
    {
      type: "bar",
      name: "function RMS ‖f_GD − f*‖",
      x: widths,
      y: mean((r) => r.functionDistance),
      marker: { color: seriesColor(2) },
    },
  ];
  return makeFigure(
    bars,
    baseLayout(
      {
        title: "Distance of Adam's net to the optimum",
        xTitle: "width",
        yTitle: "distance (mean over seeds)",
      },
      { barmode: "group" },
    ),
  );
}
