/** Qualitative colours for series (plotly's D3 set), cycled by index. */
export const PALETTE: readonly string[] = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/**
 * Picks the series colour for an index.
 *
 * @param i series index (≥ 0); wraps around the palette.
 * @returns a `#rrggbb` colour.
 */
export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/**
 * Turns `#rrggbb` into `rgba(r,g,b,alpha)`.
 *
 * @param hex a `#rrggbb` colour.
 * @param alpha opacity in [0, 1].
 * @returns a CSS `rgba(...)` string.
 */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Diverging colour scale (blue → white → red, ColorBrewer RdBu), meant for values centred at 0 via `zmid: 0`. */
export const DIVERGING: readonly (readonly [number, string])[] = [
  [0, "#2166ac"],
  [0.25, "#67a9cf"],
  [0.5, "#f7f7f7"],
  [0.75, "#ef8a62"],
  [1, "#b2182b"],
];

/** Sequential colour scale (white → dark blue, ColorBrewer Blues), for non-negative values from `zmin: 0`. */
export const SEQUENTIAL: readonly (readonly [number, string])[] = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];
