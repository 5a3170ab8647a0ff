/**
 * Greedy agglomerative clustering of unit vectors by cosine similarity, ZipIt's merge rule on one network:
 * repeatedly merge the two clusters whose mean directions are most similar, until `width` clusters remain.
 * Ties go to the pair with the lower indices, so the result is deterministic.
 *
 * @param rows `[n][d]` vectors (unit-normalised by the caller; zero rows are allowed and merge last).
 * @param width the number of clusters wanted, in [1, n].
 * @returns `width` clusters of row indices, each sorted, ordered by their smallest member.
 */
export function clusterBySimilarity(rows: readonly Float64Array[], width: number): number[][] {
  const n = rows.length;
  const d = n > 0 ? rows[0].length : 0;
  const sums = rows.map((r) => Float64Array.from(r));
  const members: (number[] | null)[] = rows.map((_, i) => [i]);
  const sim: Float64Array[] = Array.from({ length: n }, () => new Float64Array(n));
  const norms = sums.map(vecNorm);
  const cosine = (a: number, b: number) => {
    const na = norms[a] * norms[b];
    if (na === 0) return -2;
    let dot = 0;
    for (let k = 0; k < d; k++) dot += sums[a][k] * sums[b][k];
    return dot / na;
  };
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) sim[a][b] = cosine(a, b);
  for (let left = n; left > width; left--) {
    let [bestA, bestB, best] = [-1, -1, -Infinity];
    for (let a = 0; a < n; a++) {
      if (!members[a]) continue;
      for (let b = a + 1; b < n; b++) {
        if (members[b] && sim[a][b] > best) [bestA, bestB, best] = [a, b, sim[a][b]];
      }
    }
    for (let k = 0; k < d; k++) sums[bestA][k] += sums[bestB][k];
    norms[bestA] = vecNorm(sums[bestA]);
    members[bestA] = [...(members[bestA] as number[]), ...(members[bestB] as number[])].sort((x, y) => x - y);
    members[bestB] = null;
    for (let c = 0; c < n; c++) {
      if (!members[c] || c === bestA) continue;
      const s = cosine(bestA, c);
      if (c < bestA) sim[c][bestA] = s;
      else sim[bestA][c] = s;
    }
  }
  return (members.filter((m) => m !== null) as number[][]).sort((x, y) => x[0] - y[0]);
}

function vecNorm(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}
