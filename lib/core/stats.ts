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
