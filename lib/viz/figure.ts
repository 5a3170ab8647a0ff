import { withReadableLogTicks } from "./log-ticks";

/**
 * The plotly figure spec every builder returns: plain JSON, so it can go straight into a notebook's
 * `application/vnd.plotly.v1+json` output and into a headless browser for PNG/SVG export.
 */

/** One plotly trace: a plain JSON object with a `type` (e.g. `"scatter"`, `"heatmap"`, `"bar"`). */
export interface Trace {
  /** The plotly trace type. */
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A plotly layout (title, axes, size, ...), plain JSON. */
export type Layout = Readonly<Record<string, unknown>>;

/** A plotly config (interactive options), plain JSON. */
export type PlotConfig = Readonly<Record<string, unknown>>;

/** A plotly figure `{data, layout, config}`; builders return new plain objects the caller owns. */
export interface Figure {
  /** The traces, drawn in order. */
  readonly data: readonly Trace[];
  /** Titles, axes and size. */
  readonly layout: Layout;
  /** Interactive options (default {@link DEFAULT_CONFIG} when shown). */
  readonly config?: PlotConfig;
}

/** Width in CSS pixels used when a layout gives none. */
export const DEFAULT_WIDTH = 720;

/** Height in CSS pixels used when a layout gives none. */
export const DEFAULT_HEIGHT = 440;

/** Config attached to every figure: responsive, no plotly logo. */
export const DEFAULT_CONFIG: PlotConfig = { responsive: true, displaylogo: false };

/** Titles shared by the builders. */
export interface Titles {
  /** Figure title. */
  readonly title?: string;
  /** x-axis title. */
  readonly xTitle?: string;
  /** y-axis title. */
  readonly yTitle?: string;
}

/** The types of {@link Titles}' options, for `checkOptions` in every figure builder. */
export const TITLE_OPTIONS = { title: "string?", xTitle: "string?", yTitle: "string?" } as const;

/**
 * Builds the house layout: white background, titles, default size. (plotly.js has no named templates; a
 * `"plotly_white"` string would be a plotly.py-only shortcut.)
 *
 * @param titles figure and axis titles.
 * @param extra layout keys merged on top (shallow).
 * @returns a new layout object.
 */
export function baseLayout(titles: Titles, extra: Layout = {}): Layout {
  return {
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    width: DEFAULT_WIDTH,
    height: DEFAULT_HEIGHT,
    margin: { l: 60, r: 20, t: titles.title ? 50 : 20, b: 50 },
    ...(titles.title ? { title: { text: titles.title } } : {}),
    xaxis: { title: { text: titles.xTitle ?? "" }, zeroline: false, gridcolor: "#eee" },
    yaxis: { title: { text: titles.yTitle ?? "" }, zeroline: false, gridcolor: "#eee" },
    ...extra,
  };
}

/**
 * Reads a figure's pixel size from its layout, falling back to the defaults.
 *
 * @param fig the figure.
 * @returns `{width, height}` in CSS pixels.
 */
export function figureSize(fig: Figure): { width: number; height: number } {
  const w = fig.layout.width;
  const h = fig.layout.height;
  return {
    width: typeof w === "number" && w > 0 ? w : DEFAULT_WIDTH,
    height: typeof h === "number" && h > 0 ? h : DEFAULT_HEIGHT,
  };
}

/**
 * Reads a figure's title text, if any.
 *
 * @param fig the figure.
 * @returns the title, or `""`.
 */
export function figureTitle(fig: Figure): string {
  const t = fig.layout.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") {
    return (t as { text: string }).text;
  }
  return "";
}

/**
 * Makes a figure: the given traces and layout plus {@link DEFAULT_CONFIG}, with round-number tick labels on
 * every log axis that sets none ({@link withReadableLogTicks}).
 *
 * @param data the traces.
 * @param layout the layout.
 * @returns a new figure the caller owns.
 */
export function makeFigure(data: readonly Trace[], layout: Layout): Figure {
  return { data, layout: withReadableLogTicks(data, layout), config: DEFAULT_CONFIG };
}

/**
 * Copies a figure as plain JSON: typed arrays (e.g. a `Float32Array` from `tensor.dataSync()`) become arrays,
 * `undefined` keys are dropped and non-finite numbers become `null`, exactly as a notebook will store them.
 *
 * @param fig the figure (not mutated).
 * @returns a new plain-JSON figure the caller owns.
 */
export function plainFigure(fig: Figure): Figure {
  const replacer = (_key: string, value: unknown): unknown =>
    ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as Float32Array) : value;
  return JSON.parse(JSON.stringify(fig, replacer)) as Figure;
}
