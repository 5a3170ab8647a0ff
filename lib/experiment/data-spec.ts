import { checkOptions } from "../core/check-options";
import { didYouMean } from "../core/closest";
import { type Dataset, splitDataset } from "../data/dataset";
import { loadFashionMnist } from "../data/idx";
import { loadMnist } from "../data/mnist";
import { spirals } from "../data/synthetic-2d";

/** Training examples of `loadMnist`'s default split of MNIST-10k (8,000 train, 2,000 test). */
const MNIST_TRAIN = 8000;

/** Training examples of Fashion-MNIST's official split (60,000 train, 10,000 test). */
const FASHION_MNIST_TRAIN = 60000;

/** The data an experiment trains on, as hashable config: the dataset, its split sizes and the split seed. */
export type DataSpec =
  | {
      /** MNIST-10k: the seeded 8,000 / 2,000 train/test split (`loadMnist`), then `numVal` train examples held out. */
      readonly kind: "mnist";
      /** Seed of the train/test and train/val splits (not of the runs). */
      readonly seed: number;
      /** Training examples held out for validation (default 0: no validation set). */
      readonly numVal?: number;
    }
  | {
      /**
       * Fashion-MNIST (Xiao et al. 2017) from Debian's `dataset-fashion-mnist`: its official 60,000 / 10,000
       * train/test split, then `numVal` train examples held out with seed `seed`.
       */
      readonly kind: "fashion-mnist";
      readonly seed: number;
      readonly numVal?: number;
      /** Use only the first `limit` images of each split (quick mode); default all. */
      readonly limit?: number;
    }
  | {
      /** A 2-D spirals set (tests, sketches): `n` examples, `numTest` for test, `numVal` of the rest for validation. */
      readonly kind: "spirals";
      readonly n: number;
      readonly numClasses: number;
      readonly numTest: number;
      readonly numVal?: number;
      readonly seed: number;
    };

/** The datasets of a {@link DataSpec}: train and test, and val when `numVal > 0`. */
export interface DataSets {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly val?: Dataset;
}

const SHAPES = {
  mnist: { kind: "string", seed: "number", numVal: "number?" },
  "fashion-mnist": { kind: "string", seed: "number", numVal: "number?", limit: "number?" },
  spirals: {
    kind: "string",
    n: "number",
    numClasses: "number",
    numTest: "number",
    numVal: "number?",
    seed: "number",
  },
} as const;

/**
 * Loads the datasets a spec names. MNIST: the seeded 8,000 / 2,000 split of MNIST-10k, then `numVal`
 * training examples held out for validation with seed `seed + 1` (Frankle & Carbin hold out 5,000 of 60,000).
 * Fashion-MNIST: the official 60,000 / 10,000 split, then `numVal` training examples held out with seed `seed + 1`.
 * Spirals: `numTest` examples for test (seed `seed`), then `numVal` of the rest for validation (`seed + 1`).
 * The parts are named `<set>/train`, `<set>/val` and `<set>/test`, e.g. `mnist/val`.
 *
 * @returns plain host datasets (nothing to dispose).
 * @throws on an unknown kind or option (naming the closest), or split sizes that leave a part empty.
 */
export function loadData(spec: DataSpec): DataSets {
  const kind = (spec as { kind?: unknown } | undefined)?.kind;
  if (kind !== "mnist" && kind !== "fashion-mnist" && kind !== "spirals") {
    const hint = didYouMean(String(kind), ["mnist", "fashion-mnist", "spirals"]);
    throw new Error(
      `data: unknown data kind ${JSON.stringify(kind)}${hint ? `${hint} ` : "; "}known: mnist, fashion-mnist, spirals`,
    );
  }
  checkOptions(spec, SHAPES[spec.kind], `data (${spec.kind})`);
  if (
    spec.kind === "spirals" &&
    !(Number.isInteger(spec.numTest) && spec.numTest >= 1 && spec.numTest < spec.n)
  ) {
    throw new Error(`data (spirals): numTest must be an integer in [1, n = ${spec.n}); got ${spec.numTest}`);
  }
  const numVal = spec.numVal ?? 0;
  const numTrain = trainSize({ ...spec, numVal: 0 });
  if (!(Number.isInteger(numVal) && numVal >= 0 && numVal < numTrain)) {
    throw new Error(
      `data (${spec.kind}): numVal must be an integer in [0, ${numTrain}) (validation examples held out of the ` +
        `${numTrain} training examples); got ${numVal}`,
    );
  }
  let train: Dataset;
  let test: Dataset;
  if (spec.kind === "mnist") ({ train, test } = loadMnist({ seed: spec.seed }));
  else if (spec.kind === "fashion-mnist") ({ train, test } = loadFashionMnist({ limit: spec.limit }));
  else {
    const all = spirals({ n: spec.n, seed: spec.seed, numClasses: spec.numClasses, noise: 0.05 });
    ({ train, test } = splitDataset(all, { seed: spec.seed, numTest: spec.numTest }));
  }
  if (numVal === 0) return { train, test };
  const { train: rest, test: val } = splitDataset(train, { seed: spec.seed + 1, numTest: numVal });
  const stem = train.name.replace(/\/train$/, "");
  return { train: { ...rest, name: `${stem}/train` }, val: { ...val, name: `${stem}/val` }, test };
}

/** The number of training examples a spec gives (for planning steps without loading the data). */
export function trainSize(spec: DataSpec): number {
  const numVal = spec.numVal ?? 0;
  if (spec.kind === "mnist") return MNIST_TRAIN - numVal;
  if (spec.kind === "fashion-mnist")
    return Math.min(spec.limit ?? FASHION_MNIST_TRAIN, FASHION_MNIST_TRAIN) - numVal;
  return spec.n - spec.numTest - numVal;
}
