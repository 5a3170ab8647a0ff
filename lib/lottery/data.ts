import { splitDataset } from "../data/dataset";
import { loadMnist } from "../data/mnist";
import { spirals } from "../data/synthetic-2d";
import type { TrainData } from "../train/train-options";
import type { LotteryData } from "./config";

/** Train, validation and test sets of a lottery experiment: all three are needed (early stopping, accuracy). */
export type LotteryDataSets = Required<TrainData>;

/**
 * The datasets a {@link LotteryData} spec names. MNIST: the seeded 8,000 / 2,000 split of MNIST-10k, then
 * `numVal` training examples held out for validation (Frankle & Carbin hold out 5,000 of 60,000).
 *
 * @returns plain host datasets (nothing to dispose).
 * @throws when the split sizes leave a part empty.
 */
export function lotteryData(spec: LotteryData): LotteryDataSets {
  if (spec.kind === "mnist") {
    const { train: all, test } = loadMnist({ seed: spec.seed });
    const { train, test: val } = splitDataset(all, { seed: spec.seed + 1, numTest: spec.numVal });
    return { train: { ...train, name: "mnist/train" }, val: { ...val, name: "mnist/val" }, test };
  }
  if (spec.kind === "spirals") {
    const all = spirals({ n: spec.n, seed: spec.seed, numClasses: spec.numClasses, noise: 0.05 });
    const { train: rest, test } = splitDataset(all, { seed: spec.seed, numTest: spec.numTest });
    const { train, test: val } = splitDataset(rest, { seed: spec.seed + 1, numTest: spec.numVal });
    return { train, val, test };
  }
  throw new Error(
    `lotteryData: unknown data kind "${(spec as { kind?: unknown }).kind}"; use mnist or spirals`,
  );
}
