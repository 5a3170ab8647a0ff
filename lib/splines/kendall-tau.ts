/**
 * Kendall's rank correlation τ-b between two sequences of equal length: (concordant − discordant) pairs over
 * the geometric mean of the pairs untied in each sequence. 1 for the same order, −1 for the reverse, near 0
 * for unrelated orders. O(n²), fine for a layer's units.
 *
 * @throws when the lengths differ, fewer than 2 values are given, a value is not finite, or one sequence is
 *   constant (τ is undefined).
 */
export function kendallTau(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new Error(`kendallTau: the sequences have ${a.length} and ${b.length} values`);
  if (a.length < 2) throw new Error(`kendallTau: needs at least 2 values; got ${a.length}`);
  for (const [name, s] of [
    ["a", a],
    ["b", b],
  ] as const) {
    for (let i = 0; i < s.length; i++) {
      if (!Number.isFinite(s[i])) throw new Error(`kendallTau: ${name}[${i}] is ${s[i]}`);
    }
  }
  let [concordant, discordant, untiedA, untiedB] = [0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const [da, db] = [Math.sign(a[j] - a[i]), Math.sign(b[j] - b[i])];
      if (da !== 0) untiedA++;
      if (db !== 0) untiedB++;
      if (da * db > 0) concordant++;
      else if (da * db < 0) discordant++;
    }
  }
  if (untiedA === 0 || untiedB === 0)
    throw new Error("kendallTau: a sequence is constant, so τ is undefined");
  return (concordant - discordant) / Math.sqrt(untiedA * untiedB);
}
