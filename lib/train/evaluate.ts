import * as tf from "@tensorflow/tfjs";
import { assertFinite, type Dataset } from "../data/dataset";
import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { assertFiniteParams } from "../core/finite";
import { forward } from "../core/forward";
import { csrRows } from "../core/csr";
import {
  disposeSparse,
  markSparse,
  type SparseMatrix,
  sparseMatMulReady,
  uploadSparse,
} from "../core/sparse-matmul";
import { sparseRowsOf } from "../data/sparse-rows";
import { checkLabels, checkLossName, computeLoss, type LossName } from "./loss";
import type { Params } from "../core/params";

/** Loss (and accuracy for classification) of a network on a dataset. */
export interface EvalResult {
  readonly loss: number;
  /** Fraction correct; present when the dataset has labels. */
  readonly accuracy?: number;
}

/** Rows `start ..` of `ds` (n of them) in sparse form, when they are sparse and the kernel is ready. */
function sparseChunk(ds: Dataset, start: number, n: number): SparseMatrix | undefined {
  const rows = sparseMatMulReady() ? sparseRowsOf(ds) : undefined;
  if (!rows) return undefined;
  if (start === 0 && n === rows.rows) return uploadSparse(rows, { transpose: false }); // one chunk: no gather
  const indices = Int32Array.from({ length: n }, (_, i) => start + i);
  return uploadSparse(csrRows(rows, indices), { transpose: false });
}

/**
 * The datasets whose inputs and targets an evaluation has found finite. A `Dataset` is immutable, so each is
 * checked once (on the device, with its first evaluation's losses), not at every evaluation.
 */
const checkedFinite = new WeakSet<Dataset>();

/**
 * Evaluates a model on all of `ds` in chunks of `batchSize` rows (default 2000), uploading each chunk once (and
 * its sparse form too, for sparse inputs such as MNIST's digits: the same numbers, fewer multiply-adds).
 *
 * The params are checked finite first (one device sync), and, the first time a dataset is evaluated, each
 * chunk's inputs and targets as they are uploaded (on the device, read with the loss; a dataset found finite
 * is remembered, keyed by the `Dataset` object, and not checked again): on wasm the fused ReLU maps NaN to 0,
 * so NaN weights or inputs would otherwise give a plausible loss.
 *
 * @returns the mean loss over examples and, for classification, the accuracy. No tensors escape.
 * @throws on an unknown or mistyped option (or loss), a `batchSize` that is not a positive integer, a dataset
 *   that is empty, of the wrong sizes or holding NaN or Inf (naming the example), a label that is not a class
 *   index in [0, outDim), params holding NaN or Inf (naming the first), or a loss that comes out NaN or Inf
 *   from finite weights and data (an overflow in the forward pass; naming the rows).
 */
export function evaluate(
  arch: Architecture,
  params: Params,
  ds: Dataset,
  options: { readonly loss: LossName; readonly batchSize?: number },
): EvalResult {
  checkOptions(options, { loss: "string", batchSize: "number?" }, "evaluate");
  checkLossName(options.loss, "evaluate");
  if (ds.numExamples <= 0) throw new Error(`${ds.name}: the dataset is empty (0 examples)`);
  if (ds.X.length !== ds.numExamples * ds.inDim || ds.y.length !== ds.numExamples * ds.outDim) {
    throw new Error(
      `evaluate: ${ds.name} holds ${ds.X.length} inputs and ${ds.y.length} targets, expected ` +
        `${ds.numExamples}*${ds.inDim} and ${ds.numExamples}*${ds.outDim}`,
    );
  }
  const chunk = options.batchSize ?? 2000;
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new Error(`evaluate: batchSize must be a positive integer; got ${chunk}`);
  }
  if (ds.labels) checkLabels(ds.labels, ds.outDim, `evaluate (${ds.name})`);
  assertFiniteParams(params, "evaluate");
  const checkData = !checkedFinite.has(ds);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < ds.numExamples; start += chunk) {
    const n = Math.min(chunk, ds.numExamples - start);
    const [lossT, predictedT, dataOkT] = tf.tidy(() => {
      // tensor2d copies its values, so a view of the dataset's arrays is enough
      const X = tf.tensor2d(ds.X.subarray(start * ds.inDim, (start + n) * ds.inDim), [n, ds.inDim]);
      const y = tf.tensor2d(ds.y.subarray(start * ds.outDim, (start + n) * ds.outDim), [n, ds.outDim]);
      const sparse = sparseChunk(ds, start, n);
      if (sparse) markSparse(X, sparse);
      const yHat = forward(arch, params, X);
      if (sparse) disposeSparse(sparse);
      const dataOk = checkData ? tf.logicalAnd(tf.all(tf.isFinite(X)), tf.all(tf.isFinite(y))) : undefined;
      return [computeLoss(options.loss, yHat, y), tf.argMax(yHat, 1), dataOk];
    });
    const loss = lossT.dataSync()[0];
    const predicted = ds.labels ? predictedT.dataSync() : undefined;
    const dataOk = dataOkT === undefined || dataOkT.dataSync()[0] === 1;
    tf.dispose([lossT, predictedT, ...(dataOkT ? [dataOkT] : [])]);
    if (!dataOk) {
      assertFinite(ds); // throws naming the array, example and column
      throw new Error(`evaluate: ${ds.name} holds NaN or Inf values`);
    }
    if (!Number.isFinite(loss)) {
      throw new Error(
        `evaluate: the ${options.loss} loss of ${ds.name}'s examples ${start}..${start + n - 1} is ${loss} ` +
          "though the params and inputs are finite: the forward pass overflowed float32 (weights or inputs " +
          "too large)",
      );
    }
    lossSum += loss * n;
    if (predicted && ds.labels) {
      for (let i = 0; i < n; i++) if (predicted[i] === ds.labels[start + i]) correct++;
    }
  }
  if (checkData) checkedFinite.add(ds);
  const loss = lossSum / ds.numExamples;
  return ds.labels ? { loss, accuracy: correct / ds.numExamples } : { loss };
}
