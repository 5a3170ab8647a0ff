import { checkSortedKnots } from "../core/layers/knots";

function column(X: ArrayLike<number>, inDim: number, j: number, where: string): Float64Array {
  const n = Math.floor(X.length / inDim);
  if (n === 0 || n * inDim !== X.length) {
    throw new Error(`${where}: X holds ${X.length} numbers, not a whole number (≥ 1) of rows of ${inDim}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = X[i * inDim + j];
    if (!Number.isFinite(v))
      throw new Error(`${where}: X holds ${v} at row ${i}, column ${j}; give finite inputs`);
    out[i] = v;
  }
  return out.sort();
}

/** The `q`-quantile (0 ≤ q ≤ 1) of sorted values, linearly interpolated. */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const i = Math.floor(at);
  return i + 1 < sorted.length ? sorted[i] + (at - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/**
 * Knots at the data's quantiles, per input coordinate, for a `hinge` layer's `knots` or a `bspline` layer's
 * `grid`: `count` points from the minimum to the maximum, at `(1 − mix)·quantile + mix·uniform` (pykan's grid
 * update, `mix` = 0.02), so they follow the data's density, stay strictly increasing where the data have ties,
 * and still cover the range evenly where there are no data.
 *
 * @param X inputs `[n, inDim]` row-major (host values, not modified).
 * @returns `[inDim][count]` sorted knots (checked strictly increasing).
 * @throws on non-finite inputs, `count < 2`, `mix` outside (0, 1], or a constant input (no range to place
 *   knots in: drop that coordinate).
 */
export function quantileKnots(
  X: ArrayLike<number>,
  inDim: number,
  count: number,
  options: { readonly mix?: number } = {},
): number[][] {
  const mix = options.mix ?? 0.02;
  if (!(Number.isInteger(count) && count >= 2))
    throw new Error(`quantileKnots: count must be an integer ≥ 2; got ${count}`);
  if (!(mix > 0 && mix <= 1)) throw new Error(`quantileKnots: mix must be in (0, 1]; got ${mix}`);
  return Array.from({ length: inDim }, (_, j) => {
    const sorted = column(X, inDim, j, "quantileKnots");
    const [lo, hi] = [sorted[0], sorted[sorted.length - 1]];
    if (!(hi > lo))
      throw new Error(`quantileKnots: input ${j} is constant (${lo}); it has no range to place knots in`);
    const knots = Array.from({ length: count }, (_, k) => {
      const q = k / (count - 1);
      return (1 - mix) * quantile(sorted, q) + mix * (lo + q * (hi - lo));
    });
    checkSortedKnots(knots, `quantileKnots: input ${j}`);
    return knots;
  });
}

/**
 * The distinct values of a 1-D input, sorted: hinges there (with both signs) are the dictionary of the convex
 * program of a two-layer ReLU net in 1-D (Savarese et al. 2019; Pilanci & Ergen 2020).
 *
 * @param x inputs `[n]` (or `[n, 1]` row-major). @returns sorted distinct values.
 * @throws on non-finite inputs or an empty array.
 */
export function dataPointKnots(x: ArrayLike<number>): number[] {
  const sorted = column(x, 1, 0, "dataPointKnots");
  return Array.from(sorted).filter((v, i) => i === 0 || v > sorted[i - 1]);
}
