import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/dataset";
import { deriveSeed, permutation } from "../core/rng";
import { csrRows } from "../core/csr";
import {
  disposeSparse,
  markSparse,
  type SparseMatrix,
  sparseMatMulReady,
  uploadSparse,
} from "../core/sparse-matmul";
import { sparseRowsOf } from "../data/sparse-rows";

/**
 * One uploaded mini-batch: inputs `[batch, inDim]` and targets `[batch, outDim]`, and, when asked for and the
 * inputs are sparse, their sparse form (`X` is marked with it). The taker disposes it with {@link disposeBatch}.
 */
export interface Batch {
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly sparse?: SparseMatrix;
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.X, batch.y]);
  if (batch.sparse) disposeSparse(batch.sparse);
}

/**
 * Seeded mini-batches over a {@link Dataset}. Epoch `e` visits the examples in the order
 * `permutation(n, deriveSeed(seed, "shuffle/epoch{e}"))`, in `ceil(n / batchSize)` batches (the last may be
 * smaller). Rows are copied on the host into fresh arrays (some backends keep the array they are given) and
 * uploaded once per batch.
 */
export class BatchSampler {
  /** Batches per epoch, `ceil(numExamples / batchSize)`. */
  readonly stepsPerEpoch: number;
  private order: Int32Array = new Int32Array(0);
  private epoch = -1;
  private position = 0;

  /**
   * @param ds the examples; @param batchSize a positive integer (clamped to the dataset size);
   * @param seed the shuffle seed; @param shuffle false keeps the dataset order every epoch.
   */
  constructor(
    private readonly ds: Dataset,
    readonly batchSize: number,
    private readonly seed: number,
    private readonly shuffle = true,
  ) {
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`batchSize must be a positive integer; got ${batchSize}`);
    }
    if (ds.numExamples <= 0) throw new Error(`${ds.name}: the dataset is empty (0 examples)`);
    this.batchSize = Math.min(batchSize, ds.numExamples);
    this.stepsPerEpoch = Math.ceil(ds.numExamples / this.batchSize);
  }

  /** The epoch (from 0) the next batch belongs to. */
  get nextEpoch(): number {
    return this.position >= this.order.length ? this.epoch + 1 : this.epoch;
  }

  /**
   * Moves to where the order stands after `step` batches, without drawing them: a run resumed at step k
   * (e.g. from a rewind point θ_k) then sees the batches the original run saw from step k on.
   */
  seek(step: number): void {
    if (!Number.isInteger(step) || step < 0) {
      throw new Error(`BatchSampler.seek: step must be an integer ≥ 0; got ${step}`);
    }
    this.startEpoch(Math.floor(step / this.stepsPerEpoch));
    this.position = (step % this.stepsPerEpoch) * this.batchSize;
  }

  /** The indices of the next batch's examples (advancing to a new shuffled epoch when needed). */
  nextIndices(): Int32Array {
    if (this.position >= this.order.length) this.startEpoch(this.epoch + 1);
    const end = Math.min(this.position + this.batchSize, this.order.length);
    const indices = this.order.subarray(this.position, end);
    this.position = end;
    return indices;
  }

  private startEpoch(epoch: number): void {
    const n = this.ds.numExamples;
    this.epoch = epoch;
    this.order = this.shuffle ? permutation(n, deriveSeed(this.seed, `shuffle/epoch${epoch}`)) : identity(n);
    this.position = 0;
  }

  /**
   * The next mini-batch, uploaded as tensors the caller owns (see {@link disposeBatch}). With `sparse`, inputs
   * sparse enough (`sparseRowsOf`) also come in sparse form, with its transpose, where the sparse kernel is ready.
   */
  next(options: { readonly sparse?: boolean } = {}): Batch {
    const { ds } = this;
    const indices = this.nextIndices();
    const b = indices.length;
    const X = new Float32Array(b * ds.inDim);
    const y = new Float32Array(b * ds.outDim);
    for (let i = 0; i < b; i++) {
      const r = indices[i];
      X.set(ds.X.subarray(r * ds.inDim, (r + 1) * ds.inDim), i * ds.inDim);
      y.set(ds.y.subarray(r * ds.outDim, (r + 1) * ds.outDim), i * ds.outDim);
    }
    const batch = { X: tf.tensor2d(X, [b, ds.inDim]), y: tf.tensor2d(y, [b, ds.outDim]) };
    const rows = options.sparse && sparseMatMulReady() ? sparseRowsOf(ds) : undefined;
    if (!rows) return batch;
    const sparse = uploadSparse(csrRows(rows, indices), { transpose: true });
    markSparse(batch.X, sparse);
    return { ...batch, sparse };
  }
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
