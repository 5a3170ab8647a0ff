import { checkOptions, describeValue } from "../core/check-options";
import { meanStd } from "../core/stats";
import { TITLE_OPTIONS, Titles, Figure, Trace, baseLayout, makeFigure } from "./figure";
import { seriesColor, withAlpha } from "./palette";

/** One curve measured over several seeds. */
export interface SeedSeries {
  /** Legend name. */
  readonly name: string;
  /** The x values, `[numPoints]`. */
  readonly x: readonly number[];
  /** One row per seed, each aligned with `x`: `[numSeeds, numPoints]`. */
  readonly ys: readonly (readonly number[])[];
  /**
   * Per point, how many seeds' values are censored (e.g. an early-stopping iteration at the end of the budget);
   * points with any are drawn as open markers and say "k/n censored" on hover.
   */
  readonly censored?: readonly number[];
}

/** Options for {@link lineBands}. */
export interface LineBandsOptions extends Titles {
  /** Log-scale x axis. */
  readonly logX?: boolean;
  /** Log-scale y axis. */
  readonly logY?: boolean;
  /**
   * The shaded band: `"std"` (default) mean ± std, or `"range"` the minimum to the maximum over seeds, which
   * stays positive on a log axis where mean − std may not.
   */
  readonly band?: "std" | "range";
}

/**
 * Line plot of the mean over seeds with a shaded band (mean ± std, or the range over seeds), one colour per
 * series.
 *
 * @param series curves, each `ys: [numSeeds, numPoints]` aligned with `x: [numPoints]`.
 * @param options titles and log axes.
 * @returns a new figure: per series a band trace (when there are ≥ 2 seeds) followed by the mean line.
 * @throws when a series' rows do not match its `x`.
 */
export function lineBands(series: readonly SeedSeries[], options: LineBandsOptions = {}): Figure {
  checkOptions(
    options,
    { ...TITLE_OPTIONS, logX: "boolean?", logY: "boolean?", band: "string?" },
    "lineBands",
  );
  if (options.band !== undefined && options.band !== "std" && options.band !== "range") {
    throw new Error(`lineBands: band must be "std" or "range"; got ${JSON.stringify(options.band)}`);
  }
  if (!Array.isArray(series))
    throw new Error(`lineBands: series must be an array; got ${describeValue(series)}`);
  const data: Trace[] = [];
  series.forEach((s, i) => {
    checkOptions(
      s,
      { name: "string", x: "array|object", ys: "array", censored: "array?" },
      `lineBands: series[${i}]`,
    );
    let mean: number[];
    let std: number[];
    try {
      ({ mean, std } = meanStd(s.ys));
    } catch (err) {
      throw new Error(`lineBands: series "${s.name}": ${(err as Error).message}`);
    }
    if (mean.length !== s.x.length) {
      throw new Error(`lineBands: series "${s.name}" has ${s.x.length} x values but ${mean.length} y values`);
    }
    const color = seriesColor(i);
    if (s.ys.length > 1) {
      const range = options.band === "range";
      const column = (j: number) => s.ys.map((row: readonly number[]) => row[j]);
      const upper = mean.map((v, j) => (range ? Math.max(...column(j)) : v + std[j]));
      const lower = mean.map((v, j) => (range ? Math.min(...column(j)) : v - std[j]));
      data.push({
        type: "scatter",
        mode: "lines",
        x: [...s.x, ...[...s.x].reverse()],
        y: [...upper, ...lower.reverse()],
        fill: "toself",
        fillcolor: withAlpha(color, 0.2),
        line: { width: 0, color },
        hoverinfo: "skip",
        showlegend: false,
        legendgroup: s.name,
        name: options.band === "range" ? `${s.name} min–max` : `${s.name} ± std`,
      });
    }
    data.push({
      type: "scatter",
      mode: s.x.length <= 30 ? "lines+markers" : "lines",
      x: [...s.x],
      y: mean,
      name: s.ys.length > 1 ? `${s.name} (${s.ys.length} seeds)` : s.name,
      legendgroup: s.name,
      line: { color, width: 2 },
    });
    const counts: readonly number[] = s.censored ?? [];
    if (s.censored && counts.length !== s.x.length) {
      throw new Error(
        `lineBands: series "${s.name}" has ${s.x.length} x values but ${counts.length} censored counts`,
      );
    }
    const marked = counts.flatMap((count, j) => (count > 0 ? [j] : []));
    if (marked.length > 0) {
      data.push({
        type: "scatter",
        mode: "markers",
        x: marked.map((j) => s.x[j]),
        y: marked.map((j) => mean[j]),
        text: marked.map(
          (j) => `${counts[j]}/${s.ys.length} seeds censored (minimum at the last evaluation)`,
        ),
        hovertemplate: "%{text}<extra></extra>",
        marker: { symbol: "circle-open", size: 13, color, line: { width: 2 } },
        name: `${s.name}: censored`,
        legendgroup: s.name,
      });
    }
  });
  const layout = baseLayout(options, {});
  const xaxis = { ...(layout.xaxis as object), ...(options.logX ? { type: "log" } : {}) };
  const yaxis = { ...(layout.yaxis as object), ...(options.logY ? { type: "log" } : {}) };
  return makeFigure(data, { ...layout, xaxis, yaxis });
}
