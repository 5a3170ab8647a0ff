import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { MUON_COEFFICIENTS, newtonSchulz } from "../../lib/optim/newton-schulz";
import { normalArray } from "../../lib/core/rng";
import { assertClose, assertNoLeaks, describeOnBackends } from "../helpers/tf";

const SHAPES: readonly [number, number][] = [
  [32, 16],
  [16, 48],
  [64, 20],
  [10, 40],
  [50, 25],
  [7, 3],
];

/** Row-major values as an ml-matrix Matrix (float64). */
function toMatrix(values: ArrayLike<number>, rows: number, cols: number): Matrix {
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, values[i * cols + j]);
  return M;
}

/** The reference: the same iteration in float64, written out from the algorithm, transposing when rows > cols. */
function newtonSchulz64(G: Matrix, steps: number): Matrix {
  const [a, b, c] = MUON_COEFFICIENTS;
  const transpose = G.rows > G.columns;
  let X = (transpose ? G.transpose() : G.clone()).div(G.norm("frobenius") + 1e-7);
  for (let k = 0; k < steps; k++) {
    const A = X.mmul(X.transpose());
    const B = Matrix.add(A.clone().mul(b), A.mmul(A).mul(c));
    X = Matrix.add(X.clone().mul(a), B.mmul(X));
  }
  return transpose ? X.transpose() : X;
}

const singularValues = (values: ArrayLike<number>, rows: number, cols: number) =>
  new SingularValueDecomposition(toMatrix(values, rows, cols), { autoTranspose: true }).diagonal;

describeOnBackends("newtonSchulz", () => {
  it("puts the singular values of random G of many shapes in the band 0.5–1.5", () => {
    SHAPES.forEach(([rows, cols], k) => {
      const G = tf.tensor2d(normalArray(rows * cols, 100 + k), [rows, cols]);
      const X = newtonSchulz(G);
      const sv = singularValues(X.dataSync(), rows, cols);
      assert.equal(sv.length, Math.min(rows, cols));
      for (const s of sv) assert.ok(s > 0.5 && s < 1.5, `[${rows}, ${cols}]: σ = ${s}`);
      tf.dispose([G, X]);
    });
  });

  it("matches a float64 reference of the same iteration", () => {
    SHAPES.forEach(([rows, cols], k) => {
      const values = normalArray(rows * cols, 200 + k);
      const G = tf.tensor2d(values, [rows, cols]);
      const X = newtonSchulz(G);
      const ref = newtonSchulz64(toMatrix(values, rows, cols), 5).to1DArray();
      assertClose(X.dataSync(), ref, 2e-4);
      tf.dispose([G, X]);
    });
  });

  it("keeps G's singular vectors: X is a function of G's SVD, so it commutes with orthogonal maps", () => {
    const [rows, cols] = [24, 12];
    const G = toMatrix(normalArray(rows * cols, 7), rows, cols);
    const svd = new SingularValueDecomposition(G, { autoTranspose: true });
    const X = newtonSchulz(tf.tensor2d(G.to1DArray(), [rows, cols]));
    // Uᵀ X V must be diagonal.
    const D = svd.leftSingularVectors
      .transpose()
      .mmul(toMatrix(X.dataSync(), rows, cols))
      .mmul(svd.rightSingularVectors);
    for (let i = 0; i < D.rows; i++) {
      for (let j = 0; j < D.columns; j++)
        if (i !== j) assert.ok(Math.abs(D.get(i, j)) < 1e-4, `(${i}, ${j})`);
    }
    tf.dispose(X);
  });

  it("gets more orthogonal with more steps, and converges to the SVD's UVᵀ when polished", () => {
    const [rows, cols] = [40, 20];
    const values = normalArray(rows * cols, 9);
    const G = tf.tensor2d(values, [rows, cols]);
    const errors = [0, 1, 2, 3].map((polishSteps) => {
      const X = newtonSchulz(G, { polishSteps });
      const XtX = toMatrix(X.dataSync(), rows, cols)
        .transpose()
        .mmul(toMatrix(X.dataSync(), rows, cols));
      X.dispose();
      return Matrix.sub(XtX, Matrix.eye(cols)).norm("frobenius");
    });
    for (let k = 1; k < errors.length; k++) assert.ok(errors[k] < errors[k - 1], `errors ${errors}`);
    assert.ok(errors[errors.length - 1] < 1e-3, `errors ${errors}`);
    const svd = new SingularValueDecomposition(toMatrix(values, rows, cols), { autoTranspose: true });
    const polar = svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose()).to1DArray();
    const X = newtonSchulz(G, { polishSteps: 8 });
    assertClose(X.dataSync(), polar, 1e-4);
    tf.dispose([G, X]);
  });

  it("leaks no tensors", async () => {
    const G = tf.tensor2d(normalArray(60, 1), [6, 10]);
    await assertNoLeaks(() => newtonSchulz(G, { polishSteps: 2 }).dispose());
    G.dispose();
  });
});

describe("newtonSchulz bad input", () => {
  it("refuses non-2-D, empty and non-finite gradients, and bad step counts", () => {
    const bias = tf.zeros([3]);
    assert.throws(() => newtonSchulz(bias), /newtonSchulz: G must be 2-D \[rows, cols\]; got shape \[3\]/);
    const empty = tf.zeros([0, 4]);
    assert.throws(() => newtonSchulz(empty), /newtonSchulz: G is empty \(shape \[0,4\]\)/);
    const nan = tf.tensor2d([1, NaN, 2, 3], [2, 2]);
    assert.throws(() => newtonSchulz(nan), /newtonSchulz: G holds NaN or ±Inf; .*lower the lr/);
    const ok = tf.ones([2, 2]);
    assert.throws(() => newtonSchulz(ok, { steps: 1.5 }), /steps must be an integer ≥ 0; got 1.5/);
    assert.throws(() => newtonSchulz(ok, { polishSteps: -1 }), /polishSteps must be an integer ≥ 0/);
    assert.throws(() => newtonSchulz([1, 2] as unknown as tf.Tensor), /G must be a tf.Tensor/);
    tf.dispose([bias, empty, nan, ok]);
  });
});
