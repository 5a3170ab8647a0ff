import { Titles, Figure, Trace, baseLayout, makeFigure } from "./figure";
import { seriesColor } from "./palette";

/** One group of points in a scatter plot. */
export interface ScatterGroup {
  /** Legend name. */
  readonly name: string;
  /** x values, `[numPoints]`. */
  readonly x: readonly number[];
  /** y values, `[numPoints]`. */
  readonly y: readonly number[];
  /** Optional hover text per point, `[numPoints]`. */
  readonly text?: readonly string[];
}

/** Options for {@link scatter}. */
export interface ScatterOptions extends Titles {
  /** Marker size in pixels (default 6). */
  readonly markerSize?: number;
  /** Draw the y = x diagonal across the data range (handy for "before vs after" plots). */
  readonly diagonal?: boolean;
}

/**
 * Scatter plot, one colour per group.
 *
 * @param groups point groups, each with `x` and `y` of equal length `[numPoints]`.
 * @param options titles, marker size, optional y = x line.
 * @returns a new figure with one `scatter` trace per group (plus the diagonal, last, if asked).
 * @throws when a group's `x` and `y` (or `text`) lengths differ.
 */
export function scatter(groups: readonly ScatterGroup[], options: ScatterOptions = {}): Figure {
  let lo = Infinity;
  let hi = -Infinity;
  const data: Trace[] = groups.map((g, i) => {
    if (g.x.length !== g.y.length) {
      throw new Error(`scatter: group "${g.name}" has ${g.x.length} x values but ${g.y.length} y values`);
    }
    if (g.text && g.text.length !== g.x.length) {
      throw new Error(`scatter: group "${g.name}" has ${g.text.length} labels for ${g.x.length} points`);
    }
    for (const v of [...g.x, ...g.y]) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return {
      type: "scatter",
      mode: "markers",
      name: g.name,
      x: [...g.x],
      y: [...g.y],
      ...(g.text ? { text: [...g.text] } : {}),
      marker: { size: options.markerSize ?? 6, color: seriesColor(i), opacity: 0.8 },
    };
  });
  if (options.diagonal && lo <= hi) {
    data.push({
      type: "scatter",
      mode: "lines",
      name: "y = x",
      x: [lo, hi],
      y: [lo, hi],
      line: { color: "#888", dash: "dash", width: 1 },
      hoverinfo: "skip",
    });
  }
  return makeFigure(data, baseLayout(options));
}
