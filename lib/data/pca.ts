import * as tf from "@tensorflow/tfjs";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { Dataset } from "./dataset";

/** A principal-component basis of a dataset's inputs. Plain host arrays; nothing to dispose. */
export interface Pca {
  /** The inputs' mean `[inDim]`. */
  readonly mean: Float32Array;
  /** The top components as columns, `[inDim, numComponents]` row-major: project with `(x − mean) · components`. */
  readonly components: Float32Array;
  readonly numComponents: number;
  /** The fraction of the inputs' variance each component explains, largest first. */
  readonly explained: readonly number[];
}

/**
 * Principal components of `ds`'s inputs: the covariance is formed with one tfjs matMul (float32), and its
 * eigendecomposition is ml-matrix's symmetric solver in float64. Components are sign-fixed (the largest entry
 * of each is positive), so the result is deterministic.
 *
 * @param numComponents how many to keep, 1 ≤ k ≤ inDim.
 * @throws when `numComponents` is out of range.
 */
export function pca(ds: Dataset, numComponents: number): Pca {
  const { inDim, numExamples: n } = ds;
  if (!(Number.isInteger(numComponents) && numComponents >= 1 && numComponents <= inDim)) {
    throw new Error(`pca: numComponents must be an integer in [1, ${inDim}]; got ${numComponents}`);
  }
  const { mean, cov } = tf.tidy(() => {
    const X = tf.tensor2d(ds.X, [n, inDim]);
    const mu = tf.mean(X, 0);
    const centred = tf.sub(X, mu);
    const c = tf.div(tf.matMul(tf.transpose(centred), centred), Math.max(1, n - 1));
    return { mean: mu.dataSync() as Float32Array, cov: c.dataSync() as Float32Array };
  });
  const C = new Matrix(inDim, inDim);
  for (let i = 0; i < inDim; i++) for (let j = 0; j < inDim; j++) C.set(i, j, (cov[i * inDim + j] + cov[j * inDim + i]) / 2);
  const eig = new EigenvalueDecomposition(C, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const V = eig.eigenvectorMatrix;
  const components = new Float32Array(inDim * numComponents);
  order.slice(0, numComponents).forEach((col, k) => {
    let [big, sign] = [0, 1];
    for (let i = 0; i < inDim; i++) {
      if (Math.abs(V.get(i, col)) > big) [big, sign] = [Math.abs(V.get(i, col)), Math.sign(V.get(i, col))];
    }
    for (let i = 0; i < inDim; i++) components[i * numComponents + k] = sign * V.get(i, col);
  });
  return {
    mean,
    components,
    numComponents,
    explained: order.slice(0, numComponents).map((i) => Math.max(values[i], 0) / total),
  };
}
