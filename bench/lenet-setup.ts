/** The benchmark's fixed problem: LeNet-300-100 on MNIST-10k, batch 60, SGD lr 0.1, seed 0. */
import * as fs from "fs";
import * as path from "path";
import { loadMnist } from "../lib/data/mnist";
import type { Dataset } from "../lib/data/dataset";
import { BatchSampler } from "../lib/train/batches";
import { initKernelArray } from "../lib/core/init-kernel";
import { deriveSeed } from "../lib/core/rng";

export const SIZES = [784, 300, 100, 10] as const;
export const BATCH = 60;
export const LR = 0.1;
export const SEED = 0;

/** Multiply-adds ×2 per training step: forward, weight gradients, and input gradients of layers 1.. (not dX). */
export const FLOPS_PER_STEP = (() => {
  let fwd = 0;
  let back = 0;
  for (let l = 0; l + 1 < SIZES.length; l++) {
    fwd += 2 * BATCH * SIZES[l] * SIZES[l + 1];
    back += 2 * BATCH * SIZES[l] * SIZES[l + 1] * (l === 0 ? 1 : 2);
  }
  return fwd + back;
})();

/** The training split (8,000 digits). */
export function benchData(): Dataset {
  return loadMnist({ seed: SEED }).train;
}

/**
 * Writes what PyTorch needs to train the same model on the same batches into `dir`: X, labels, the example
 * indices of `numSteps` batches (the lib's own sampler order), and the initial kernels, all little-endian.
 */
export function writeTorchInputs(dir: string, numSteps: number): void {
  const ds = benchData();
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, data: Float32Array | Int32Array) =>
    fs.writeFileSync(path.join(dir, name), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  write("X.f32", ds.X);
  write("labels.i32", ds.labels as Int32Array);
  const sampler = new BatchSampler(ds, BATCH, SEED);
  const order = new Int32Array(numSteps * BATCH);
  for (let s = 0; s < numSteps; s++) order.set(sampler.nextIndices(), s * BATCH);
  write("order.i32", order);
  for (let l = 0; l + 1 < SIZES.length; l++) {
    const seed = deriveSeed(SEED, `init/dense${l}`); // the same stream initMlp uses
    write(`kernel${l}.f32`, initKernelArray("glorotNormal", SIZES[l], SIZES[l + 1], seed));
  }
  fs.writeFileSync(
    path.join(dir, "meta.json"),
    JSON.stringify({ sizes: SIZES, batch: BATCH, lr: LR, numSteps, numExamples: ds.numExamples }),
  );
}
