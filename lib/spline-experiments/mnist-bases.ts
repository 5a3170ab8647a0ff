import { disposeParams } from "../core/params";
import type { Experiment, Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { BasisArm } from "./arms";
import { checkMnistBases, type MnistBasesConfig, mnistArm, mnistSetup } from "./mnist-arms";

/** One arm's run on MNIST-10k. */
export interface MnistArmRun {
  readonly arm: BasisArm;
  readonly epochs: readonly number[];
  readonly testAcc: readonly number[];
  /** Trainable numbers (the readout, plus the first layer for the trained MLP). */
  readonly numTrainable: number;
  /** Wall time of the run, features computed once included. */
  readonly seconds: number;
}

/** What {@link MNIST_BASES} returns for one seed. */
export interface MnistBasesResult {
  readonly seed: number;
  /** The variance fraction the PCA coordinates keep. */
  readonly explained: number;
  readonly runs: readonly MnistArmRun[];
}

/**
 * For one seed, every arm of {@link MnistBasesConfig} on MNIST-10k: test accuracy after every epoch. The
 * frozen arms train only their readout, on features computed once.
 */
export const MNIST_BASES: Experiment<Seeded<MnistBasesConfig>, MnistBasesResult> = {
  name: "mnist-bases",
  version: 1,
  check: ({ config }) => checkMnistBases(config, "mnist bases"),
  steps: ({ config }) => config.arms.length * config.epochs * Math.ceil(8000 / config.batchSize),
  async compute({ config, seed }, progress, options) {
    const setup = mnistSetup(config);
    const runs: MnistArmRun[] = [];
    for (const arm of config.arms) {
      const { arch, init } = mnistArm(config, setup, arm, seed);
      const label = `seed ${seed} · ${arm}`;
      const numSteps = config.epochs * Math.ceil(setup.data.train.numExamples / config.batchSize);
      try {
        const run = await trainUnit(
          arch,
          init,
          { train: setup.data.train, test: setup.data.test },
          {
            optimizer: config.optimizer,
            seed,
            epochs: config.epochs,
            batchSize: config.batchSize,
            progress: progress.stage(label, numSteps),
            signal: options.signal,
            handleSigint: options.handleSigint,
            label,
          },
        );
        const trainable =
          arm === "mlp"
            ? ["basis/kernel", "basis/bias", "readout/kernel", "readout/bias"]
            : ["readout/kernel", "readout/bias"];
        runs.push({
          arm,
          epochs: run.evals.map((e) => e.epoch),
          testAcc: run.evals.map((e) => e.test?.accuracy ?? NaN),
          numTrainable: trainable.reduce((n, name) => n + run.params[name].size, 0),
          seconds: run.seconds,
        });
        disposeParams(run.params);
      } finally {
        disposeParams(init);
      }
    }
    return { seed, explained: setup.pca.explained.reduce((a, b) => a + b, 0), runs };
  },
};
