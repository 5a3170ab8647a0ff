/**
 * Pointwise mean and sample standard deviation (n − 1 in the denominator; 0 for a single seed) over seeds.
 *
 * @param ys values, `[numSeeds, numPoints]`; every row has the same length.
 * @returns `{mean, std}`, each `[numPoints]`.
 * @throws when there are no seeds or the rows differ in length.
 */
export function meanStd(ys: readonly (readonly number[])[]): { mean: number[]; std: number[] } {
  if (ys.length === 0) throw new Error("meanStd: need at least one seed (ys is empty)");
  const n = ys.length;
  const m = ys[0].length;
  ys.forEach((row, s) => {
    if (row.length !== m) throw new Error(`meanStd: seed ${s} has ${row.length} points, seed 0 has ${m}`);
  });
  const mean = new Array<number>(m).fill(0);
  const std = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let s = 0; s < n; s++) sum += ys[s][j];
    mean[j] = sum / n;
    if (n > 1) {
      let sq = 0;
      for (let s = 0; s < n; s++) sq += (ys[s][j] - mean[j]) ** 2;
      std[j] = Math.sqrt(sq / (n - 1));
    }
  }
  return { mean, std };
}

/** The ranks of `x` (1-based; ties get their average rank). */
export function ranks(x: readonly number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1]] === x[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/**
 * Spearman's rank correlation of two paired samples: Pearson's correlation of their ranks (ties averaged).
 *
 * @returns a number in [−1, 1]; NaN when either sample is constant.
 * @throws when the samples differ in length, have fewer than 2 pairs, or hold NaN.
 */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length)
    throw new Error(`spearman: the samples differ in length (${a.length} and ${b.length})`);
  if (a.length < 2) throw new Error(`spearman: need at least 2 pairs; got ${a.length}`);
  if ([...a, ...b].some(Number.isNaN)) throw new Error("spearman: the samples hold NaN");
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (a.length + 1) / 2;
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}
