import type * as tf from "@tensorflow/tfjs";

/** A 2-D matrix as nested number arrays `[rows, cols]`, or a tfjs `Tensor2D`. */
export type MatrixInput = readonly (readonly number[])[] | tf.Tensor2D;

/**
 * Reads a matrix into plain nested arrays (a tensor is read synchronously and left to its owner).
 *
 * @param m `[rows, cols]` nested arrays or a `Tensor2D`; not disposed.
 * @returns a new `[rows, cols]` nested array.
 * @throws when the rows are ragged or the matrix is empty.
 */
export function toRows(m: MatrixInput, what = "matrix"): number[][] {
  if (!isTensor(m) && !(Array.isArray(m) && m.every((r) => Array.isArray(r) || ArrayBuffer.isView(r)))) {
    throw new Error(`${what} must be a 2-D tensor or an array of rows of numbers`);
  }
  const rows: number[][] = isTensor(m) ? m.arraySync() : m.map((r) => [...r]);
  if (rows.length === 0 || rows[0].length === 0)
    throw new Error(`${what} is empty; give at least one row and column`);
  const cols = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`matrix row ${i} has ${r.length} columns, row 0 has ${cols}`);
  });
  return rows;
}

function isTensor(m: MatrixInput): m is tf.Tensor2D {
  return !Array.isArray(m) && typeof (m as tf.Tensor2D).arraySync === "function";
}

/**
 * Largest absolute finite value, for a colour range symmetric about 0.
 *
 * @param rows `[rows, cols]` values.
 * @returns `max |v|` over finite entries, or 1 when all are 0 or non-finite.
 */
export function maxAbs(rows: readonly (readonly number[])[]): number {
  let m = 0;
  for (const r of rows) for (const v of r) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m > 0 ? m : 1;
}

/**
 * Rounds to 4 significant digits, to keep figure JSON small in notebooks (plots cannot show more).
 *
 * @param v a value; non-finite values become `null` (a gap in plotly).
 * @returns the rounded value or `null`.
 */
export function round4(v: number): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : null;
}
