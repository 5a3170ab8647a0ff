/**
 * Column groups for group-ℓ1 penalties: a label per column, `-1` for an unpenalised column (an intercept, a
 * free bias), otherwise the group's index 0..numGroups−1. Groups of size 1 make a plain Lasso.
 */
export interface GroupIndex {
  /** The label of each column ([cols]). */
  readonly labels: Int32Array;
  /** The number of penalised groups. */
  readonly numGroups: number;
  /** The unpenalised columns, in order. */
  readonly free: readonly number[];
}

/**
 * Checks and indexes per-column group labels.
 *
 * @param labels one integer per column, ≥ −1; omitted, every column is its own group (a Lasso).
 * @throws naming `where` when the length differs from `cols` or a label is not an integer ≥ −1.
 */
export function groupIndex(labels: ArrayLike<number> | undefined, cols: number, where: string): GroupIndex {
  const out = new Int32Array(cols);
  if (labels === undefined) {
    for (let j = 0; j < cols; j++) out[j] = j;
    return { labels: out, numGroups: cols, free: [] };
  }
  if (labels.length !== cols) {
    throw new Error(`${where}: groups must have one label per column of A (${cols}); got ${labels.length}`);
  }
  let numGroups = 0;
  const free: number[] = [];
  for (let j = 0; j < cols; j++) {
    const g = labels[j];
    if (!Number.isInteger(g) || g < -1) {
      throw new Error(`${where}: groups[${j}] must be an integer ≥ −1 (−1 = unpenalised); got ${g}`);
    }
    out[j] = g;
    if (g < 0) free.push(j);
    else numGroups = Math.max(numGroups, g + 1);
  }
  return { labels: out, numGroups, free };
}

/** The ℓ2 norm of each group of `w` ([cols] → [numGroups]). */
export function groupNorms(w: Float64Array, index: GroupIndex): Float64Array {
  const sq = new Float64Array(index.numGroups);
  for (let j = 0; j < w.length; j++) {
    const g = index.labels[j];
    if (g >= 0) sq[g] += w[j] * w[j];
  }
  for (let g = 0; g < sq.length; g++) sq[g] = Math.sqrt(sq[g]);
  return sq;
}

/** λ Σ_g ‖w_g‖₂, the group-ℓ1 penalty. */
export function groupPenalty(w: Float64Array, index: GroupIndex, lambda: number): number {
  let s = 0;
  for (const norm of groupNorms(w, index)) s += norm;
  return lambda * s;
}

/**
 * The group-ℓ1 prox, block soft-thresholding: each group is scaled by max(0, 1 − ηλ/‖p_g‖); unpenalised
 * columns pass through. Writes into `out`.
 */
export function groupProx(
  point: Float64Array,
  stepTimesLambda: number,
  index: GroupIndex,
  out: Float64Array,
): void {
  const norms = groupNorms(point, index);
  const scale = new Float64Array(norms.length);
  for (let g = 0; g < norms.length; g++) {
    scale[g] = norms[g] > stepTimesLambda ? 1 - stepTimesLambda / norms[g] : 0;
  }
  for (let j = 0; j < point.length; j++) {
    const g = index.labels[j];
    out[j] = g < 0 ? point[j] : point[j] * scale[g];
  }
}
