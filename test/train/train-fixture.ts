import { splitDataset } from "../../lib/data/dataset";
import { twoMoons } from "../../lib/data/synthetic-2d";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { train } from "../../lib/train/train";
import type { TrainResult } from "../../lib/train/train-result";
import type { TrainOptions } from "../../lib/train/train-options";
import type { OptimizerConfig } from "../../lib/optim/optimizer";

/** The shared setup of the train tests: a small two-moons split, a [2,16,16,2] ReLU net and plain SGD. */
export const moons = splitDataset(twoMoons({ n: 240, seed: 1, noise: 0.1 }), { seed: 2, numTest: 40 });
export const SIZES = [2, 16, 16, 2];
export const ARCH = mlp(SIZES);
export const SGD: OptimizerConfig = { kind: "sgd", lr: 0.2 };

/** Trains a fresh [2,16,16,2] net on two moons and hands the result to `check`, then frees everything. */
export async function run(
  options: Partial<TrainOptions>,
  check: (r: TrainResult, init: Params) => void,
): Promise<void> {
  const init = initParams(ARCH, { seed: 0 });
  try {
    const result = await train(
      ARCH,
      init,
      { train: moons.train, val: moons.test },
      {
        optimizer: SGD,
        seed: 0,
        numSteps: 50,
        batchSize: 20,
        handleSigint: false,
        ...options,
      },
    );
    try {
      check(result, init);
    } finally {
      disposeParams(result.params);
    }
  } finally {
    disposeParams(init);
  }
}
