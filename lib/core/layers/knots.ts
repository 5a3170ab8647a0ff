import { describeValue } from "../check-options";

/**
 * Knots as a layer spec gives them: a count (evenly spaced over a range), one sorted list shared by every
 * input, or one sorted list per input.
 */
export type KnotsOption = number | readonly number[] | readonly (readonly number[])[];

/**
 * Checks that `knots` are finite and strictly increasing.
 *
 * @param where prefixes the message, e.g. `"architecture: layers[0] (hinge): knots[2]"`.
 * @throws naming the first non-finite, unsorted or duplicate knot and the fix.
 */
export function checkSortedKnots(knots: readonly number[], where: string): void {
  if (!Array.isArray(knots) || knots.length === 0) {
    throw new Error(`${where} must be a non-empty array of numbers; got ${describeValue(knots)}`);
  }
  knots.forEach((t, k) => {
    if (typeof t !== "number" || !Number.isFinite(t)) {
      throw new Error(`${where}: knot ${k} is ${describeValue(t)}; knots must be finite numbers`);
    }
    if (k > 0 && !(t > knots[k - 1])) {
      const what = t === knots[k - 1] ? "a duplicate of" : "below";
      throw new Error(
        `${where}: knot ${k} (${t}) is ${what} knot ${k - 1} (${knots[k - 1]}); knots must be strictly ` +
          "increasing (sort them and drop duplicates)",
      );
    }
  });
}

/**
 * Checks a `[lo, hi]` range with lo < hi, both finite.
 * @throws `<where>: range must be [lo, hi] with finite lo < hi; got ...`.
 */
export function checkRange(range: unknown, where: string): readonly [number, number] {
  const ok =
    Array.isArray(range) &&
    range.length === 2 &&
    range.every((v) => typeof v === "number" && Number.isFinite(v)) &&
    range[0] < range[1];
  if (!ok)
    throw new Error(`${where}: range must be [lo, hi] with finite lo < hi; got ${JSON.stringify(range)}`);
  return range as [number, number];
}

/** `count` points from `lo` spaced `(hi − lo) / (count − 1)`, ending at `hi` (one point: `lo`). */
export function evenlySpaced(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [lo];
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * k) / (count - 1));
}

/**
 * The sorted knots of each of `inDim` inputs, checked.
 *
 * @param knots a count, a shared list or one list per input (see {@link KnotsOption}).
 * @param fromCount the knots a count stands for (the kind decides how a count is spread over the range).
 * @param where prefixes messages, e.g. `"architecture: layers[0] (hinge)"`.
 * @param option the spec option messages name (`"knots"`, `"grid"`).
 * @throws on a count below `minCount`, a wrong number of per-input lists, or unsorted, duplicate or
 *   non-finite knots.
 */
export function knotRows(
  knots: KnotsOption,
  inDim: number,
  fromCount: (count: number) => number[],
  where: string,
  minCount = 1,
  option = "knots",
): number[][] {
  if (typeof knots === "number") {
    if (!(Number.isInteger(knots) && knots >= minCount)) {
      throw new Error(`${where}: ${option} must be an integer ≥ ${minCount} or a sorted list; got ${knots}`);
    }
    const row = fromCount(knots);
    return Array.from({ length: inDim }, () => row);
  }
  if (!Array.isArray(knots)) {
    throw new Error(
      `${where}: knots must be a count, a sorted list or one list per input; got ${describeValue(knots)}`,
    );
  }
  const perInput = knots.length > 0 && Array.isArray(knots[0]);
  const rows = (perInput ? knots : Array.from({ length: inDim }, () => knots)) as number[][];
  if (rows.length !== inDim) {
    throw new Error(
      `${where}: ${option} has ${rows.length} lists but the layer has ${inDim} inputs; give one per input`,
    );
  }
  rows.forEach((row, j) => {
    const at = perInput ? `${where}: ${option}[${j}]` : `${where}: ${option}`;
    checkSortedKnots(row, at);
    if (row.length < minCount)
      throw new Error(`${at} has ${row.length} points; this layer needs at least ${minCount}`);
  });
  return rows;
}
