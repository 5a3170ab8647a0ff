/**
 * Sparse rows on the host, in compressed sparse row form (CSR): row r's nonzeros are `val[rowPtr[r] ..
 * rowPtr[r+1]]`, at columns `idx[...]`, in increasing column order. MNIST's digits are about 19% nonzero pixels,
 * so a layer fed them does a fifth of a dense layer's multiply-adds (see `sparse-matmul.ts`).
 */
export interface HostCsr {
  readonly rows: number;
  readonly cols: number;
  /** `[rows + 1]`, from 0 to the number of nonzeros. */
  readonly rowPtr: Int32Array;
  /** `[nnz]` column of each nonzero. */
  readonly idx: Int32Array;
  /** `[nnz]` value of each nonzero. */
  readonly val: Float32Array;
}

/** The CSR form of a row-major `[rows, cols]` array (exact zeros dropped, `-0` included). */
export function csrFromDense(values: Float32Array, rows: number, cols: number): HostCsr {
  if (values.length !== rows * cols) {
    throw new Error(`csrFromDense: ${values.length} values do not fill [${rows}, ${cols}]`);
  }
  let nnz = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nnz++;
  const rowPtr = new Int32Array(rows + 1);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  let e = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = values[base + c];
      if (v !== 0) {
        idx[e] = c;
        val[e++] = v;
      }
    }
    rowPtr[r + 1] = e;
  }
  return { rows, cols, rowPtr, idx, val };
}

/** The rows `indices` of `csr`, in that order, as a new CSR matrix `[indices.length, cols]`. */
export function csrRows(csr: HostCsr, indices: ArrayLike<number>): HostCsr {
  const rows = indices.length;
  const rowPtr = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) {
    const r = indices[i];
    rowPtr[i + 1] = rowPtr[i] + csr.rowPtr[r + 1] - csr.rowPtr[r];
  }
  const idx = new Int32Array(rowPtr[rows]);
  const val = new Float32Array(rowPtr[rows]);
  for (let i = 0; i < rows; i++) {
    const from = csr.rowPtr[indices[i]];
    const to = csr.rowPtr[indices[i] + 1];
    idx.set(csr.idx.subarray(from, to), rowPtr[i]);
    val.set(csr.val.subarray(from, to), rowPtr[i]);
  }
  return { rows, cols: csr.cols, rowPtr, idx, val };
}

/** The transpose `[cols, rows]` of `csr`, in CSR form (its rows' entries in increasing column order). */
export function csrTranspose(csr: HostCsr): HostCsr {
  const { rows, cols } = csr;
  const nnz = csr.rowPtr[rows];
  const rowPtr = new Int32Array(cols + 1);
  for (let e = 0; e < nnz; e++) rowPtr[csr.idx[e] + 1]++;
  for (let c = 0; c < cols; c++) rowPtr[c + 1] += rowPtr[c];
  const next = rowPtr.slice(0, cols);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  for (let r = 0; r < rows; r++) {
    for (let e = csr.rowPtr[r]; e < csr.rowPtr[r + 1]; e++) {
      const at = next[csr.idx[e]]++;
      idx[at] = r;
      val[at] = csr.val[e];
    }
  }
  return { rows: cols, cols: rows, rowPtr, idx, val };
}

/** The fraction of nonzero entries, in [0, 1]. */
export function csrDensity(csr: HostCsr): number {
  const size = csr.rows * csr.cols;
  return size === 0 ? 0 : csr.rowPtr[csr.rows] / size;
}
