/** Edit distance (Levenshtein, case-insensitive) between two names. */
export function editDistance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[t.length];
}

/**
 * The candidate closest to `name` by {@link editDistance}, or `undefined` when none is within half of
 * `name`'s length (a suggestion that far off would mislead). Ties go to the earlier candidate.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.ceil(name.length / 2)) ? best : undefined;
}

/** `; did you mean "x"?` when a close candidate exists, else the empty string (for error messages). */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closestName(name, candidates);
  return close === undefined ? "" : `; did you mean "${close}"?`;
}
