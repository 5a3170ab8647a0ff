import { checkOptions } from "../core/check-options";
import { TITLE_OPTIONS, Titles, Figure, baseLayout, makeFigure } from "./figure";
import { MatrixInput, maxAbs, round4, toRows } from "./matrix";
import { DIVERGING, SEQUENTIAL } from "./palette";

/** Options for {@link weightHeatmap}. */
export interface HeatmapOptions extends Titles {
  /** Colour-bar title (default "weight"). */
  readonly colorbarTitle?: string;
}

/**
 * Heatmap of a matrix with a colour bar, row 0 at the top as in a printed matrix: on a diverging colour scale
 * centred at 0 (`zmid: 0`, symmetric `zmin`/`zmax`) when it has negative entries, else on a sequential scale from
 * 0 to its maximum (a fraction, a count).
 *
 * @param W weights, `[rows, cols]` (e.g. a kernel `[inDim, outDim]`); a tensor is read, not disposed.
 * @param options titles (x is the column index, y the row index by default).
 * @returns a new figure with one `heatmap` trace; values rounded to 4 significant digits.
 * @throws when the matrix is empty or ragged.
 */
export function weightHeatmap(W: MatrixInput, options: HeatmapOptions = {}): Figure {
  checkOptions(options, { ...TITLE_OPTIONS, colorbarTitle: "string?" }, "weightHeatmap");
  const rows = toRows(W, "weightHeatmap: W");
  const m = maxAbs(rows);
  const signed = rows.some((r) => r.some((v) => v < 0));
  const trace = {
    type: "heatmap",
    z: rows.map((r) => r.map(round4)),
    ...(signed
      ? { colorscale: DIVERGING, zmid: 0, zmin: -m, zmax: m }
      : { colorscale: SEQUENTIAL, zmin: 0, zmax: m }),
    colorbar: { title: { text: options.colorbarTitle ?? "weight" } },
    hovertemplate: "row %{y}, col %{x}: %{z}<extra></extra>",
  };
  const layout = baseLayout(
    { title: options.title, xTitle: options.xTitle ?? "column", yTitle: options.yTitle ?? "row" },
    {},
  );
  return makeFigure([trace], {
    ...layout,
    yaxis: { ...(layout.yaxis as object), autorange: "reversed" },
  });
}
