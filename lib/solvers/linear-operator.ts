import { Matrix, SVD } from "ml-matrix";

/**
 * A linear map A: R^cols → R^rows on host Float64 vectors, given by its products. The convex two-layer
 * programs use structured ones (Σ_i D_i X u_i) that never materialise A; {@link denseOperator} wraps a matrix.
 */
export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** Writes A·w ([cols] → [rows]) into `out`. */
  apply(w: Float64Array, out: Float64Array): void;
  /** Writes Aᵀ·r ([rows] → [cols]) into `out`. */
  applyT(r: Float64Array, out: Float64Array): void;
}

/** A dense matrix as accepted by the solvers: row-major Float64Array (with its row count), or ml-matrix. */
export type DenseInput = Float64Array | Matrix;

/**
 * Wraps a dense n×m matrix as a {@link LinearOperator}.
 *
 * @param A an ml-matrix `Matrix`, or a row-major Float64Array of `rows · m` entries.
 * @param rows the row count n (needed for a Float64Array; checked against a Matrix).
 * @throws when a Float64Array's length is not a multiple of `rows`, or a Matrix has another row count.
 */
export function denseOperator(A: DenseInput, rows: number, where: string): LinearOperator {
  const data = A instanceof Matrix ? Float64Array.from(A.to1DArray()) : A;
  if (A instanceof Matrix && A.rows !== rows) {
    throw new Error(`${where}: A has ${A.rows} rows but y has ${rows} entries; they must match`);
  }
  if (!(data instanceof Float64Array) || rows <= 0 || data.length % rows !== 0 || data.length === 0) {
    throw new Error(
      `${where}: A must be an n×m row-major Float64Array (or an ml-matrix Matrix) with n = y.length = ${rows}; ` +
        `got ${data instanceof Float64Array ? `${data.length} entries` : "another type"}`,
    );
  }
  const cols = data.length / rows;
  return {
    rows,
    cols,
    apply(w, out) {
      for (let i = 0; i < rows; i++) {
        let s = 0;
        const base = i * cols;
        for (let j = 0; j < cols; j++) s += data[base + j] * w[j];
        out[i] = s;
      }
    },
    applyT(r, out) {
      out.fill(0);
      for (let i = 0; i < rows; i++) {
        const ri = r[i];
        if (ri === 0) continue;
        const base = i * cols;
        for (let j = 0; j < cols; j++) out[j] += data[base + j] * ri;
      }
    },
  };
}

/**
 * An orthonormal basis of the span of some columns of A (`[rows, k]` row-major, k = their rank), from an SVD
 * (ml-matrix; singular values below 1e-10 of the largest count as zero). Used to project dual vectors off the unpenalised columns.
 */
export function columnSpanBasis(
  op: LinearOperator,
  columns: readonly number[],
): { basis: Matrix; rank: number } {
  const B = new Matrix(op.rows, Math.max(1, columns.length));
  const e = new Float64Array(op.cols);
  const col = new Float64Array(op.rows);
  columns.forEach((c, k) => {
    e.fill(0);
    e[c] = 1;
    op.apply(e, col);
    for (let i = 0; i < op.rows; i++) B.set(i, k, col[i]);
  });
  if (columns.length === 0) return { basis: new Matrix(op.rows, 0), rank: 0 };
  const svd = new SVD(B, { autoTranspose: true, computeRightSingularVectors: false });
  const sigma = svd.diagonal;
  const cut = Math.max(1e-12, (sigma[0] ?? 0) * 1e-10);
  const rank = sigma.filter((s) => s > cut).length;
  const U = svd.leftSingularVectors;
  if (rank === 0) return { basis: new Matrix(op.rows, 0), rank };
  return { basis: U.subMatrix(0, op.rows - 1, 0, rank - 1), rank };
}
