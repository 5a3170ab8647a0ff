import { Titles, Figure, baseLayout, makeFigure } from "./figure";
import { MatrixInput, round4, toRows } from "./matrix";
import { DIVERGING, SEQUENTIAL } from "./palette";

/** Options for {@link weightGrid}. */
export interface WeightGridOptions extends Titles {
  /** Tile shape `[height, width]` with height·width = inDim (default: square, e.g. 28×28 for 784). */
  readonly tile?: readonly [number, number];
  /** Number of tiles per row (default ⌈√numShown⌉). */
  readonly cols?: number;
  /** Show at most this many neurons, the first ones (default 64). */
  readonly maxNeurons?: number;
  /** Scale each neuron by its own max |w| so every tile uses the full range (default true). */
  readonly normalize?: boolean;
  /** Pixels per weight in the figure (default 3). */
  readonly pixel?: number;
  /** Colour-bar title (default "weight", or "w / max |w| of its neuron" with `normalize`). */
  readonly colorbarTitle?: string;
}

/**
 * A grid of weight images: each neuron's incoming weights reshaped to a tile (e.g. 784 inputs as 28×28), tiles
 * separated by 1-cell gaps. One mosaic heatmap, so it stays light. Every tile shares one colour scale, which the
 * colour bar shows: diverging and centred at 0 when any value is negative, else sequential from 0 (a mask). With
 * `normalize` the bar reads "w / max |w| of its neuron", since each tile is scaled to its own range first.
 *
 * @param W first-layer kernel, `[inDim, numNeurons]` (column j = neuron j); a tensor is read, not disposed.
 * @param options tile shape, columns, how many neurons, per-neuron normalisation.
 * @returns a new figure with one `heatmap` trace of shape `[gridRows·(h+1)−1, cols·(w+1)−1]`.
 * @throws when the tile shape does not multiply to inDim.
 */
export function weightGrid(W: MatrixInput, options: WeightGridOptions = {}): Figure {
  const rows = toRows(W);
  const inDim = rows.length;
  const side = Math.round(Math.sqrt(inDim));
  const [h, w] = options.tile ?? [side, side];
  if (h * w !== inDim) {
    throw new Error(`weightGrid: tile ${h}×${w} holds ${h * w} weights but each neuron has ${inDim} inputs`);
  }
  const n = Math.min(rows[0].length, options.maxNeurons ?? 64);
  const cols = Math.max(1, Math.min(n, options.cols ?? Math.ceil(Math.sqrt(n))));
  const gridRows = Math.ceil(n / cols);
  const height = gridRows * (h + 1) - 1;
  const width = cols * (w + 1) - 1;
  const z: (number | null)[][] = Array.from({ length: height }, () =>
    new Array<number | null>(width).fill(null),
  );
  const normalize = options.normalize ?? true;
  let globalMax = 0;
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let i = 0; i < inDim; i++) m = Math.max(m, Math.abs(rows[i][j]) || 0);
    globalMax = Math.max(globalMax, m);
    const scale = normalize && m > 0 ? 1 / m : 1;
    const top = Math.floor(j / cols) * (h + 1);
    const left = (j % cols) * (w + 1);
    for (let i = 0; i < inDim; i++) z[top + Math.floor(i / w)][left + (i % w)] = round4(rows[i][j] * scale);
  }
  const range = normalize ? 1 : globalMax || 1;
  const signed = rows.some((r) => r.slice(0, n).some((v) => v < 0));
  const scale = signed
    ? { colorscale: DIVERGING, zmid: 0, zmin: -range, zmax: range }
    : { colorscale: SEQUENTIAL, zmin: 0, zmax: range };
  const barTitle = options.colorbarTitle ?? (normalize ? "w / max |w|<br>of its neuron" : "weight");
  const pixel = options.pixel ?? 3;
  const hidden = { visible: false, showgrid: false, zeroline: false };
  const trace = {
    type: "heatmap",
    z,
    ...scale,
    colorbar: { title: { text: barTitle }, thickness: 12 },
    hoverinfo: "z",
  };
  const layout = baseLayout({ title: options.title ?? `first ${n} neurons` });
  return makeFigure([trace], {
    ...layout,
    width: Math.max(330, width * pixel + 130),
    height: Math.max(200, height * pixel + (options.title === "" ? 20 : 60)),
    margin: { l: 20, r: 110, t: 50, b: 10 },
    xaxis: { ...hidden, constrain: "domain" },
    yaxis: { ...hidden, autorange: "reversed", scaleanchor: "x" },
  });
}
