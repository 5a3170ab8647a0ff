import * as tf from "@tensorflow/tfjs";
import { checkOptions, describeValue } from "../core/check-options";
import { permutation } from "../core/rng";

/**
 * A dataset as plain host data (no tensors, nothing to dispose). Rows are examples, row-major.
 * The training loop assembles each mini-batch on the host and uploads it once, which is far faster on
 * wasm than gathering or slicing a device-resident tensor.
 */
export interface Dataset {
  /** A short name used in messages, e.g. `"mnist/train"`. */
  readonly name: string;
  /** Inputs `[numExamples, inDim]`. */
  readonly X: Float32Array;
  /** Targets `[numExamples, outDim]`: one-hot rows for classification, values for regression. */
  readonly y: Float32Array;
  /** Class indices `[numExamples]` for classification; absent for regression. */
  readonly labels?: Int32Array;
  readonly numExamples: number;
  readonly inDim: number;
  /** Output width: the number of classes for classification. */
  readonly outDim: number;
}

/** Throws naming the first NaN/±Inf in `ds` (which array, example and column). */
export function assertFinite(ds: Dataset): void {
  for (const [field, data, width] of [
    ["X", ds.X, ds.inDim],
    ["y", ds.y, ds.outDim],
  ] as const) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        const row = Math.floor(i / width);
        throw new Error(`${ds.name}: ${field} holds ${data[i]} at example ${row}, column ${i - row * width}`);
      }
    }
  }
}

function positiveInt(value: unknown, what: string, where: string): void {
  if (!(Number.isInteger(value) && (value as number) > 0)) {
    throw new Error(`${where}: ${what} must be a positive integer; got ${describeValue(value)}`);
  }
}

/** Throws unless `labels` are integers in [0, numClasses), naming the first that is not. */
function checkLabels(labels: ArrayLike<number>, numClasses: number, name: string): void {
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i];
    if (!Number.isInteger(k) || k < 0 || k >= numClasses) {
      throw new Error(`${name}: label ${k} at example ${i} is not a class index in [0, ${numClasses})`);
    }
  }
}

/**
 * Checks the fields, sizes, non-emptiness, finiteness and labels (integers in [0, outDim)) of `ds`.
 *
 * @param where names the argument when `ds` is not a dataset at all (default `"checkDataset: ds"`).
 * @throws a message naming the dataset and problem.
 */
export function checkDataset(ds: Dataset, where = "checkDataset: ds"): void {
  if (typeof ds !== "object" || ds === null || typeof ds.name !== "string") {
    throw new Error(
      `${where} must be a dataset { name, X, y, numExamples, inDim, outDim } (e.g. from ` +
        `classificationDataset); got ${describeValue(ds)}`,
    );
  }
  const { name, numExamples: n, inDim, outDim } = ds;
  if (!(ds.X instanceof Float32Array) || !(ds.y instanceof Float32Array)) {
    throw new Error(`${name}: X and y must be Float32Arrays; got ${describeValue(ds.X)} and ${describeValue(ds.y)}`);
  }
  positiveInt(inDim, "inDim", name);
  positiveInt(outDim, "outDim", name);
  if (!(n > 0)) throw new Error(`${name}: the dataset is empty (0 examples)`);
  if (!Number.isInteger(n)) throw new Error(`${name}: numExamples must be an integer; got ${n}`);
  if (ds.X.length !== n * inDim) {
    throw new Error(`${name}: X holds ${ds.X.length} numbers, expected numExamples*inDim = ${n}*${inDim}`);
  }
  if (ds.y.length !== n * outDim) {
    throw new Error(`${name}: y holds ${ds.y.length} numbers, expected numExamples*outDim = ${n}*${outDim}`);
  }
  if (ds.labels) {
    if (ds.labels.length !== n) throw new Error(`${name}: labels hold ${ds.labels.length} entries, expected ${n}`);
    checkLabels(ds.labels, outDim, name);
  }
  assertFinite(ds);
}

/**
 * A classification dataset from inputs and class indices (targets become one-hot rows).
 *
 * @param X inputs `[n, inDim]` row-major (a Float32Array); @param labels `n` integers in [0, numClasses).
 * @throws naming the argument when `name` is not a string, `X` not a Float32Array, `inDim` or `numClasses`
 *   not a positive integer, sizes disagree, a label is out of range, a value is not finite, or n = 0.
 */
export function classificationDataset(
  name: string,
  X: Float32Array,
  labels: ArrayLike<number>,
  inDim: number,
  numClasses: number,
): Dataset {
  checkArgs(name, X, inDim, "classificationDataset");
  positiveInt(numClasses, "numClasses", name);
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw new Error(`${name}: labels must be an array of class indices; got ${describeValue(labels)}`);
  }
  const n = labels.length;
  checkLabels(labels, numClasses, name);
  const y = new Float32Array(n * numClasses);
  const ints = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ints[i] = labels[i];
    y[i * numClasses + labels[i]] = 1;
  }
  const ds: Dataset = { name, X, y, labels: ints, numExamples: n, inDim, outDim: numClasses };
  checkDataset(ds);
  return ds;
}

/** Checks the arguments every dataset constructor shares, naming the bad one. */
function checkArgs(name: unknown, X: unknown, inDim: unknown, where: string): void {
  if (typeof name !== "string" || name === "") {
    throw new Error(`${where}: name must be a non-empty string; got ${describeValue(name)}`);
  }
  if (!(X instanceof Float32Array)) {
    throw new Error(`${name}: X must be a Float32Array (e.g. Float32Array.from(rows.flat())); got ${describeValue(X)}`);
  }
  positiveInt(inDim, "inDim", name);
}

/** A regression dataset: inputs `[n, inDim]` and targets `[n, outDim]`, row-major. @throws as checkDataset. */
export function regressionDataset(name: string, X: Float32Array, y: Float32Array, inDim: number, outDim: number): Dataset {
  checkArgs(name, X, inDim, "regressionDataset");
  positiveInt(outDim, "outDim", name);
  const ds: Dataset = { name, X, y, numExamples: Math.floor(X.length / inDim), inDim, outDim };
  checkDataset(ds);
  return ds;
}

/** The examples `indices` of `ds` (copied), in that order, named `name`. */
export function subset(ds: Dataset, indices: ArrayLike<number>, name = `${ds.name}[subset]`): Dataset {
  const n = indices.length;
  const X = new Float32Array(n * ds.inDim);
  const y = new Float32Array(n * ds.outDim);
  const labels = ds.labels ? new Int32Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= ds.numExamples) {
      throw new Error(`subset: index ${r} is outside ${ds.name}'s ${ds.numExamples} examples`);
    }
    X.set(ds.X.subarray(r * ds.inDim, (r + 1) * ds.inDim), i * ds.inDim);
    y.set(ds.y.subarray(r * ds.outDim, (r + 1) * ds.outDim), i * ds.outDim);
    if (labels && ds.labels) labels[i] = ds.labels[r];
  }
  return { name, X, y, labels, numExamples: n, inDim: ds.inDim, outDim: ds.outDim };
}

/**
 * A seeded random split of `ds` into `train` and `test` (`numTest` examples, default 20%).
 *
 * @throws when `ds` is not a valid dataset, on an unknown or mistyped option, a seed that is not an integer,
 *   or a `numTest` that leaves either part empty.
 */
export function splitDataset(
  ds: Dataset,
  options: { readonly seed: number; readonly numTest?: number },
): { train: Dataset; test: Dataset } {
  checkDataset(ds, "splitDataset: ds");
  checkOptions(options, { seed: "number", numTest: "number?" }, "splitDataset");
  if (!Number.isInteger(options.seed)) throw new Error(`splitDataset: seed must be an integer; got ${options.seed}`);
  const numTest = options.numTest ?? Math.round(ds.numExamples * 0.2);
  if (!Number.isInteger(numTest) || numTest <= 0 || numTest >= ds.numExamples) {
    throw new Error(`splitDataset: numTest must be in 1..${ds.numExamples - 1} for ${ds.name}; got ${numTest}`);
  }
  const perm = permutation(ds.numExamples, options.seed);
  return {
    train: subset(ds, perm.subarray(numTest), `${ds.name}/train`),
    test: subset(ds, perm.subarray(0, numTest), `${ds.name}/test`),
  };
}

/** `ds` as tensors `{ X: [n, inDim], y: [n, outDim] }`; the caller owns (disposes) both. */
export function datasetTensors(ds: Dataset): { X: tf.Tensor2D; y: tf.Tensor2D } {
  return { X: tf.tensor2d(ds.X, [ds.numExamples, ds.inDim]), y: tf.tensor2d(ds.y, [ds.numExamples, ds.outDim]) };
}
