import { before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { selectBackend } from "../../lib/core/backend";
import { csrDensity, csrFromDense, csrRows, csrTranspose } from "../../lib/core/csr";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import {
  disposeSparse,
  markSparse,
  prepareSparseMatMul,
  sparseFormOf,
  sparseMatMul,
  sparseTransposeMatMul,
  uploadSparse,
} from "../../lib/core/sparse-matmul";
import { loadMnist } from "../../lib/data/mnist";
import { SPARSE_INPUT_DENSITY, sparseRowsOf } from "../../lib/data/sparse-rows";
import { lossAndGrads } from "../../lib/train/backward";
import { BatchSampler, disposeBatch } from "../../lib/train/batches";
import { evaluate } from "../../lib/train/evaluate";
import { forward } from "../../lib/core/forward";
import { computeLoss } from "../../lib/train/loss";
import { assertClose, assertNoLeaks } from "../helpers/tf";

/** A `[rows, cols]` array about `density` nonzero (seeded), with signed zeros among the zeros. */
function sparseValues(rows: number, cols: number, density: number, seed: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const u = state / 2 ** 31;
    out[i] = u < density ? (u / density - 0.5) * 4 : i % 5 === 0 ? -0 : 0;
  }
  return out;
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

describe("host CSR helpers", () => {
  it("round-trip a dense array: rows, gathered rows and the transpose hold its nonzeros where they were", () => {
    const [rows, cols] = [7, 11];
    const values = sparseValues(rows, cols, 0.3, 3);
    const csr = csrFromDense(values, rows, cols);
    const dense = (c: ReturnType<typeof csrFromDense>) => {
      const out = new Float32Array(c.rows * c.cols);
      for (let r = 0; r < c.rows; r++) {
        for (let e = c.rowPtr[r]; e < c.rowPtr[r + 1]; e++) out[r * c.cols + c.idx[e]] = c.val[e];
      }
      return out;
    };
    const nonzero = values.map((v) => (v === 0 ? 0 : v)); // -0 is dropped as a zero
    assert.deepEqual(dense(csr), nonzero);
    assert.equal(csrDensity(csr), values.filter((v) => v !== 0).length / values.length);
    const t = csrTranspose(csr);
    const transposed = dense(t);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) assert.equal(transposed[c * rows + r], nonzero[r * cols + c]);
    const picked = csrRows(csr, [4, 0, 4]);
    assert.deepEqual(
      dense(picked),
      Float32Array.from([...nonzero.slice(44, 55), ...nonzero.slice(0, 11), ...nonzero.slice(44, 55)]),
    );
    assert.throws(() => csrFromDense(values, rows, cols + 1), /do not fill \[7, 12\]/);
  });
});

describe("the sparse matMul kernel (wasm)", () => {
  before(async () => {
    await selectBackend({ GAUGELAB_BACKEND: "wasm" });
    assert.equal(await prepareSparseMatMul(), true, "the kernel assembles and registers on this machine");
  });

  // Widths that exercise the 32-column blocks, the 4-column blocks and the single columns; the last case's D
  // (4000 × 301, 4.8 MB) spans several column panels, the last one ending in every kind of block.
  for (const [rows, inner, n] of [
    [13, 50, 300],
    [13, 50, 37],
    [13, 50, 3],
    [7, 4000, 301],
  ]) {
    it(`equals tfjs-wasm's dense kernels bit for bit, with bias and ReLU (${rows}×${inner} by ${inner}×${n})`, async () => {
      const host = csrFromDense(sparseValues(rows, inner, 0.2, n), rows, inner);
      await assertNoLeaks(() => {
        const X = tf.tensor2d(sparseValues(rows, inner, 0.2, n), [rows, inner]);
        const W = tf.randomNormal([inner, n], 0, 1, "float32", 1) as tf.Tensor2D;
        const b = tf.randomNormal([n], 0, 1, "float32", 2) as tf.Tensor1D;
        const delta = tf.randomNormal([rows, n], 0, 1, "float32", 3) as tf.Tensor2D;
        const s = uploadSparse(host, { transpose: true });
        const got = {
          plain: sparseMatMul(s, W),
          fused: sparseMatMul(s, W, { bias: b, relu: true }),
          linear: sparseMatMul(s, W, { bias: b }),
          grad: sparseTransposeMatMul(s, delta),
        };
        const want = {
          plain: tf.matMul(X, W),
          fused: tf.fused.matMul({ a: X, b: W, bias: b, activation: "relu" }),
          linear: tf.fused.matMul({ a: X, b: W, bias: b }),
          grad: tf.tidy(() => tf.matMul(tf.transpose(X), delta)),
        };
        for (const key of Object.keys(got) as (keyof typeof got)[]) {
          assert.deepEqual(got[key].shape, want[key].shape, key);
          assert.deepEqual(bits(got[key]), bits(want[key]), `${key} differs`);
        }
        tf.dispose([X, W, b, delta, ...Object.values(got), ...Object.values(want)]);
        disposeSparse(s);
      });
    });
  }

  it("is differentiable: tf.grads through it agrees with the dense op's (whose gradient uses a transposed matMul)", async () => {
    const host = csrFromDense(sparseValues(9, 20, 0.25, 5), 9, 20);
    const X = tf.tensor2d(sparseValues(9, 20, 0.25, 5), [9, 20]);
    const s = uploadSparse(host, { transpose: true });
    const W = tf.randomNormal([20, 6], 0, 1, "float32", 4) as tf.Tensor2D;
    const b = tf.randomNormal([6], 0, 1, "float32", 5) as tf.Tensor1D;
    const f = (sparse: boolean) => (w: tf.Tensor, bias: tf.Tensor) =>
      (sparse
        ? sparseMatMul(s, w as tf.Tensor2D, { bias: bias as tf.Tensor1D, relu: true })
        : tf.fused.matMul({ a: X, b: w as tf.Tensor2D, bias, activation: "relu" })
      )
        .square()
        .sum();
    const [dW, db] = tf.grads(f(true))([W, b]);
    const [dWDense, dbDense] = tf.grads(f(false))([W, b]);
    assertClose(dW.dataSync(), dWDense.dataSync(), 1e-5);
    assertClose(db.dataSync(), dbDense.dataSync(), 1e-5);
    tf.dispose([X, W, b, dW, db, dWDense, dbDense]);
    disposeSparse(s);
  });

  it("refuses shapes that do not fit, a transpose it was not given, and a mark of another shape", () => {
    const s = uploadSparse(csrFromDense(sparseValues(4, 5, 0.5, 1), 4, 5), { transpose: false });
    const W = tf.zeros([6, 2]) as tf.Tensor2D;
    assert.throws(() => sparseMatMul(s, W), /dense must be float32 \[5, n\]; got float32 \[6,2\]/);
    assert.throws(() => sparseTransposeMatMul(s, W), /uploaded without its transpose/);
    assert.throws(() => markSparse(tf.zeros([3, 5]) as tf.Tensor2D, s), /differ in shape/);
    tf.dispose(W);
    disposeSparse(s);
  });
});

describe("sparse inputs in training and evaluation (wasm, MNIST digits)", () => {
  const arch = mlp([784, 30, 10]);
  let data: ReturnType<typeof loadMnist>;
  before(async () => {
    await selectBackend({ GAUGELAB_BACKEND: "wasm" });
    await prepareSparseMatMul();
    data = loadMnist({ seed: 0, numTest: 100 });
  });

  it("MNIST's digits are sparse enough, and a batch comes marked with its sparse form", () => {
    const rows = sparseRowsOf(data.train);
    assert.ok(rows && csrDensity(rows) < SPARSE_INPUT_DENSITY, "MNIST digits are mostly zero");
    const sampler = new BatchSampler(data.train, 20, 0);
    const batch = sampler.next({ sparse: true });
    assert.ok(batch.sparse && sparseFormOf(batch.X) === batch.sparse);
    disposeBatch(batch);
    const plain = sampler.next();
    assert.equal(plain.sparse, undefined, "only when asked for");
    disposeBatch(plain);
  });

  it("gives the same loss and gradients, bit for bit, as the dense input, and the same evaluation", async () => {
    const params = initParams(arch, { seed: 1 });
    const sampler = new BatchSampler(data.train, 32, 0);
    await assertNoLeaks(() => {
      const batch = sampler.next({ sparse: true });
      const denseX = batch.X.clone(); // the same values, unmarked
      assert.ok(sparseFormOf(batch.X) && !sparseFormOf(denseX));
      const sparse = lossAndGrads(arch, params, batch.X, batch.y, { loss: "softmaxCrossEntropy" });
      const dense = lossAndGrads(arch, params, denseX, batch.y, { loss: "softmaxCrossEntropy" });
      assert.deepEqual(bits(sparse.loss), bits(dense.loss));
      for (const name of Object.keys(dense.grads))
        assert.deepEqual(bits(sparse.grads[name]), bits(dense.grads[name]), name);
      tf.dispose([
        denseX,
        sparse.loss,
        dense.loss,
        ...Object.values(sparse.grads),
        ...Object.values(dense.grads),
      ]);
      disposeBatch(batch);
    });
    const viaSparse = evaluate(arch, params, data.test, { loss: "softmaxCrossEntropy" });
    const [loss, predicted] = tf.tidy(() => {
      const X = tf.tensor2d(data.test.X, [100, 784]); // unmarked: the dense kernels
      const yHat = forward(arch, params, X);
      const y = tf.tensor2d(data.test.y, [100, 10]);
      return [computeLoss("softmaxCrossEntropy", yHat, y).dataSync()[0], tf.argMax(yHat, 1).dataSync()];
    });
    const correct = Array.from(predicted as Int32Array).filter((p, i) => p === data.test.labels?.[i]).length;
    assert.ok(Math.abs(viaSparse.loss - (loss as number)) <= 1e-12 * Math.abs(loss as number));
    assert.equal(viaSparse.accuracy, correct / 100);
    disposeParams(params);
  });
});
