import { checkOptions, describeValue } from "../core/check-options";
import { TITLE_OPTIONS, Titles, Figure, Trace, baseLayout, makeFigure } from "./figure";
import { seriesColor } from "./palette";

/** One set of values to histogram. */
export interface HistogramGroup {
  /** Legend name. */
  readonly name: string;
  /** The values, `[numValues]` (e.g. all weights of a layer, flattened). */
  readonly values: ArrayLike<number>;
}

/** Options for {@link histogram}. */
export interface HistogramOptions extends Titles {
  /** Number of equal-width bins over the shared range (default 50). */
  readonly bins?: number;
  /** Range `[lo, hi]`; default the min and max over all groups' finite values. */
  readonly range?: readonly [number, number];
  /** Log-scale counts. */
  readonly logY?: boolean;
  /**
   * `"bars"` (default): filled bars, overlaid with transparency when there are several groups. `"steps"`: each
   * group's outline only (a step line along the bin tops), so overlapping groups never hide each other.
   */
  readonly style?: "bars" | "steps";
}

/**
 * Counts values into `bins` equal-width bins over `[lo, hi]`; the last bin includes `hi`, values outside the
 * range and non-finite values are dropped.
 *
 * @param values `[numValues]`.
 * @param bins number of bins (≥ 1).
 * @param lo left edge.
 * @param hi right edge (> lo; equal edges are widened by 0.5 each side).
 * @returns `{edges: [bins + 1], counts: [bins]}`.
 */
export function binCounts(
  values: ArrayLike<number>,
  bins: number,
  lo: number,
  hi: number,
): { edges: number[]; counts: number[] } {
  if (!(bins >= 1) || !Number.isInteger(bins))
    throw new Error(`binCounts: bins must be a positive integer, got ${bins}`);
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  if (!(hi > lo)) throw new Error(`binCounts: empty range [${lo}, ${hi}]`);
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges, counts };
}

/**
 * One group's histogram as an outline: x = `[e_0, e_0, e_1, …, e_{B−1}, e_B, e_B]`, y = `[0, c_0, c_1, …,
 * c_{B−1}, c_{B−1}, 0]` drawn with `line.shape: "hv"`, so bin k's top is the segment from e_k to e_{k+1} at c_k.
 */
function stepTrace(name: string, edges: readonly number[], counts: readonly number[], i: number): Trace {
  const round = (v: number) => Number(v.toPrecision(6));
  const last = edges.length - 1;
  return {
    type: "scatter",
    mode: "lines",
    name,
    x: [edges[0], ...edges.slice(0, last), edges[last], edges[last]].map(round),
    y: [0, ...counts, counts[counts.length - 1], 0],
    line: { shape: "hv", color: seriesColor(i), width: 2 },
    hovertemplate: "from %{x}: %{y}",
  };
}

function finiteRange(groups: readonly HistogramGroup[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of groups) {
    for (let i = 0; i < g.values.length; i++) {
      const v = g.values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * Histogram of one or more value sets on shared bins, counted here (not by plotly) so the figure JSON
 * stays small however many values there are.
 *
 * @param groups value sets, overlaid with transparency (or drawn as outlines with `style: "steps"`).
 * @param options bins, range, log counts, style, titles.
 * @returns a new figure with one trace per group: a `bar` trace (x = bin centres, y = counts), or with
 *   `style: "steps"` a `scatter` step line through `(edges[k], counts[k])` closed down to 0 at both ends.
 */
export function histogram(groups: readonly HistogramGroup[], options: HistogramOptions = {}): Figure {
  checkOptions(
    options,
    { ...TITLE_OPTIONS, bins: "number?", range: "array?", logY: "boolean?", style: "string?" },
    "histogram",
  );
  if (options.style !== undefined && options.style !== "bars" && options.style !== "steps") {
    throw new Error(`histogram: style must be "bars" or "steps"; got ${JSON.stringify(options.style)}`);
  }
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new Error(
      `histogram: groups must be a non-empty array of { name, values }; got ${describeValue(groups)}`,
    );
  }
  for (const g of groups) {
    if (!Array.from(g.values).some((v) => Number.isFinite(v))) {
      throw new Error(`histogram: group "${g.name}" has no finite values to count`);
    }
  }
  const bins = options.bins ?? 50;
  const [lo, hi] = options.range ?? finiteRange(groups);
  const data: Trace[] = groups.map((g, i) => {
    const { edges, counts } = binCounts(g.values, bins, lo, hi);
    const width = edges[1] - edges[0];
    if (options.style === "steps") return stepTrace(g.name, edges, counts, i);
    return {
      type: "bar",
      name: g.name,
      x: counts.map((_, k) => Number(((edges[k] + edges[k + 1]) / 2).toPrecision(6))),
      y: counts,
      width,
      marker: { color: seriesColor(i), line: { width: 0 } },
      opacity: groups.length > 1 ? 0.6 : 0.9,
      hovertemplate: "bin centre %{x}: %{y}",
    };
  });
  const layout = baseLayout(
    { title: options.title, xTitle: options.xTitle ?? "value", yTitle: options.yTitle ?? "count" },
    { barmode: "overlay", bargap: 0 },
  );
  return makeFigure(data, {
    ...layout,
    yaxis: { ...(layout.yaxis as object), ...(options.logY ? { type: "log" } : {}) },
  });
}
