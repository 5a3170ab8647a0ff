import { csrFromDense, type HostCsr } from "../core/csr";
import type { Dataset } from "./dataset";

/**
 * Inputs at most this dense (fraction of nonzeros) are multiplied in sparse form. Measured on wasm in one run
 * (LeNet-300-100's first layer, batch 60): MNIST's 19% nonzero digits make the forward matMul 1.2–1.9× and the
 * weight gradient 1.9–2.7× faster; Fashion-MNIST's 50% is slower than dense.
 */
export const SPARSE_INPUT_DENSITY = 0.3;

const rowsOf = new WeakMap<Float32Array, HostCsr | null>();

/**
 * The CSR form of `ds.X` when at most {@link SPARSE_INPUT_DENSITY} of it is nonzero, else `undefined`; computed
 * once per inputs array (datasets are not modified after they are made) and kept as long as the array lives.
 */
export function sparseRowsOf(ds: Dataset): HostCsr | undefined {
  let rows = rowsOf.get(ds.X);
  if (rows === undefined) {
    let nonzero = 0;
    for (let i = 0; i < ds.X.length; i++) if (ds.X[i] !== 0) nonzero++;
    const dense = ds.X.length === 0 || nonzero / ds.X.length > SPARSE_INPUT_DENSITY;
    rows = dense ? null : csrFromDense(ds.X, ds.numExamples, ds.inDim);
    rowsOf.set(ds.X, rows);
  }
  return rows ?? undefined;
}
