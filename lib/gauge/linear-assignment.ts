import { checkOptions, describeValue } from "../core/check-options";

/**
 * The linear assignment problem (LAP): pick one entry per row, in distinct columns, maximising (or minimising)
 * their sum. Shortest augmenting paths with dual potentials (Kuhn–Munkres in the Jonker–Volgenant form),
 * O(rows² · cols) time, O(cols) extra memory, all in Float64. Git Re-Basin solves one LAP per permutation.
 */

/** A cost (or similarity) matrix as rows of numbers, `[rows][cols]`. */
export type CostMatrix = ReadonlyArray<ArrayLike<number>>;

/** Options for {@link linearAssignment}. */
export interface LinearAssignmentOptions {
  /** Maximise the sum (the default, as weight matching needs) or minimise it. Must be a boolean. */
  readonly maximize?: boolean;
  /** Prefixes error messages, naming the matrix (default `"linearAssignment"`). */
  readonly label?: string;
}

/** The label error messages start with: `options.label`, or `linearAssignment` (also for bad options). */
function labelOf(options: unknown): string {
  const label = (options as { label?: unknown } | null | undefined)?.label;
  return typeof label === "string" ? label : "linearAssignment";
}

/**
 * How large an entry may be for an `n × m` problem (n ≤ m): the solver adds and subtracts dual potentials,
 * each a sum of at most about 2(n + m) entries, so entries are kept below `Number.MAX_VALUE / (4 (n + m + 1))`
 * and no sum overflows to ±Infinity (which would give a wrong assignment silently). For n = m = 512 the bound
 * is about 4e304; any matrix of similarities or costs in practice is far below it.
 */
function maxEntry(n: number, m: number): number {
  return Number.MAX_VALUE / (4 * (n + m + 1));
}

/** A solved assignment. */
export interface Assignment {
  /** `colForRow[i]` is the column given to row `i`, or -1 when the row is left out (only if rows > cols). */
  readonly colForRow: Int32Array;
  /** The sum of the chosen entries of the input matrix. */
  readonly value: number;
}

/**
 * Solves the LAP on a row-major matrix `data` of shape `[rows, cols]`.
 * When rows ≤ cols every row is assigned; when rows > cols every column is, and the other rows get -1.
 *
 * @param data row-major entries, `rows * cols` finite numbers (a `Float64Array` avoids copies), each at most
 *   `Number.MAX_VALUE / (4 (rows + cols + 1))` in magnitude so that the solver's sums cannot overflow.
 * @returns the optimal assignment (one of them when there are ties) and its value.
 * @throws when the size is wrong, an option is unknown or mistyped (`maximize: 0` is an error, not a truthy
 *   value), or an entry is NaN, infinite or too large, naming the entry.
 */
export function linearAssignmentFlat(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  options: LinearAssignmentOptions = {},
): Assignment {
  const label = labelOf(options);
  checkOptions(options, { maximize: "boolean?", label: "string?" }, label);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`${label}: rows and cols must be non-negative integers; got ${rows} x ${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new Error(`${label}: expected ${rows} x ${cols} = ${rows * cols} entries; got ${data.length}`);
  }
  const sign = options.maximize === false ? 1 : -1;
  const transposed = rows > cols;
  const n = transposed ? cols : rows;
  const m = transposed ? rows : cols;
  const limit = maxEntry(n, m);
  // cost[i * m + j] for the n <= m orientation, negated when maximising.
  const cost = new Float64Array(n * m);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = data[r * cols + c];
      if (!Number.isFinite(x)) {
        const what = typeof x === "number" ? String(x) : describeValue(x);
        throw new Error(`${label}: entry [${r}][${c}] is ${what}; every entry must be a finite number`);
      }
      if (Math.abs(x) > limit) {
        throw new Error(
          `${label}: entry [${r}][${c}] is ${x}; for a ${rows} x ${cols} matrix every entry must be at most ` +
            `${limit.toPrecision(3)} in magnitude, or the solver's sums overflow: scale the matrix down`,
        );
      }
      cost[transposed ? c * m + r : r * m + c] = sign * x;
    }
  }
  const colOf = solveMin(cost, n, m);
  const colForRow = new Int32Array(rows).fill(-1);
  let value = 0;
  for (let i = 0; i < n; i++) {
    const r = transposed ? colOf[i] : i;
    const c = transposed ? i : colOf[i];
    colForRow[r] = c;
    value += data[r * cols + c];
  }
  return { colForRow, value };
}

/**
 * Solves the LAP on a matrix given as rows, `matrix[i][j]`; see {@link linearAssignmentFlat}.
 *
 * @throws when `matrix` is not an array of rows, rows have different lengths, or as
 *   {@link linearAssignmentFlat}.
 */
export function linearAssignment(matrix: CostMatrix, options: LinearAssignmentOptions = {}): Assignment {
  const label = labelOf(options);
  if (!Array.isArray(matrix)) throw new Error(`${label}: the matrix must be an array of rows`);
  const rows = matrix.length;
  for (let i = 0; i < rows; i++) {
    const row: unknown = matrix[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new Error(`${label}: row ${i} is not an array of numbers; got ${describeValue(row)}`);
    }
  }
  const cols = rows === 0 ? 0 : matrix[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    if (matrix[i].length !== cols) {
      throw new Error(`${label}: row ${i} has ${matrix[i].length} entries but row 0 has ${cols}`);
    }
    for (let j = 0; j < cols; j++) {
      const x = matrix[i][j];
      if (typeof x !== "number") {
        throw new Error(
          `${label}: entry [${i}][${j}] is ${describeValue(x)}; every entry must be a finite number`,
        );
      }
      data[i * cols + j] = x;
    }
  }
  return linearAssignmentFlat(data, rows, cols, options);
}

/**
 * Minimum-cost assignment of n rows into m >= n columns (row-major `cost`), returning the column of each row.
 * Each row is added by a Dijkstra-like search for the shortest augmenting path in reduced costs.
 */
function solveMin(cost: Float64Array, n: number, m: number): Int32Array {
  // 1-indexed: u row potentials, v column potentials, rowOfCol[j] the row holding column j (0 = free).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0];
      const base = (i0 - 1) * m - 1;
      const ui0 = u[i0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[base + j] - ui0 - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfCol[j0] = rowOfCol[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const colOf = new Int32Array(n);
  for (let j = 1; j <= m; j++) if (rowOfCol[j] !== 0) colOf[rowOfCol[j] - 1] = j - 1;
  return colOf;
}
