import * as tf from "@tensorflow/tfjs";
import { mlp, prunableParams } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import type { InitKind } from "../core/init-kernel";
import { disposeParams } from "../core/params";
import { deriveSeed } from "../core/rng";
import { type DataSpec } from "../experiment/data-spec";
import { type Experiment, runSeeds, type Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import { lotteryData } from "../lottery/data";
import type { OptimizerConfig } from "../optim/optimizer";
import { snipScores } from "../prune/snip";
import { synflowScores } from "../prune/synflow";
import { importanceSpread } from "../reduce/importance";
import { evaluate } from "../train/evaluate";
import { Mask } from "../train/mask";

/** Early scores of N inits against their final result: which one predicts the winner? */
export interface EarlyScoresConfig {
  readonly data: DataSpec;
  /** `[inDim, width, outDim]`. */
  readonly sizes: readonly [number, number, number];
  readonly init: InitKind;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  /** Steps every init trains to its final result. */
  readonly numSteps: number;
  /** The k at which the validation loss is taken as a score, each < numSteps. */
  readonly screenSteps: readonly number[];
  /** Training examples of the batch SNIP scores on. */
  readonly snipExamples: number;
  /** Seed of the batch order, the same for every init (only the init varies). */
  readonly dataSeed: number;
}

/** 16 inits of 784-64-10, scored at init and after 10, 25 and 100 steps, trained 2,000 steps. */
export const DEFAULT_EARLY_SCORES: EarlyScoresConfig = {
  data: { kind: "mnist", seed: 0, numVal: 1000 },
  sizes: [784, 64, 10],
  init: "glorotNormal",
  optimizer: { kind: "adam", lr: 1e-3 },
  batchSize: 60,
  numSteps: 2000,
  screenSteps: [10, 25, 100],
  snipExamples: 600,
  dataSeed: 0,
};

/** Quick mode: 100 steps, scores after 10 and 25. */
export const QUICK_EARLY_SCORES: EarlyScoresConfig = {
  ...DEFAULT_EARLY_SCORES,
  numSteps: 100,
  screenSteps: [10, 25],
};

/** One init's scores and final result, as plain JSON. */
export interface EarlyScoreRow {
  readonly seed: number;
  /** log10 of the summed SNIP saliency |w ⊙ ∂L/∂w| at init. */
  readonly snip: number;
  /** log10 of the summed SynFlow score at init. */
  readonly synflow: number;
  /** The participation ratio of the neuron importances |a_j|·‖w_j‖ at init (gauge-invariant). */
  readonly spreadInit: number;
  /** The same after the largest k. */
  readonly spreadAtK: number;
  /** Validation loss after each k of `screenSteps`. */
  readonly valLossAt: readonly number[];
  readonly finalTestAcc: number;
  readonly finalTestLoss: number;
}

function checkEarly(config: EarlyScoresConfig): void {
  checkOptions(
    config,
    {
      data: "object",
      sizes: "array",
      init: "string",
      optimizer: "object",
      batchSize: "number",
      numSteps: "number",
      screenSteps: "array",
      snipExamples: "number",
      dataSeed: "number",
    },
    "early scores config",
  );
  for (const k of config.screenSteps) {
    if (!(Number.isInteger(k) && k > 0 && k < config.numSteps)) {
      throw new Error(
        `early scores: screenSteps ${k} is beyond the budget: each k must be an integer in [1, numSteps = ${config.numSteps})`,
      );
    }
  }
}

const sumLog10 = (scores: Record<string, tf.Tensor>) =>
  tf.tidy(() => Math.log10(tf.addN(Object.values(scores).map((s) => tf.sum(s))).dataSync()[0]));

/** One init: its scores at init, its validation loss after each k, its final test result. */
export const EARLY_SCORES: Experiment<Seeded<EarlyScoresConfig>, EarlyScoreRow> = {
  name: "ticket-early-scores",
  version: 1,
  check: ({ config }) => checkEarly(config),
  steps: ({ config }) => config.numSteps,
  async compute({ config, seed }, progress, options) {
    const { train, val, test } = lotteryData(config.data);
    const arch = mlp([...config.sizes]);
    const init = initParams(arch, { seed: deriveSeed(seed, "init"), init: config.init });
    const ks = [...config.screenSteps].sort((a, b) => a - b);
    const valLossAt: number[] = [];
    let spreadAtK = NaN;
    try {
      const mask = Mask.ones(init, prunableParams(arch));
      const n = Math.min(config.snipExamples, train.numExamples);
      const [snip, synflow] = tf.tidy(() => {
        const X = tf.tensor2d(train.X.subarray(0, n * train.inDim), [n, train.inDim]);
        const y = tf.tensor2d(train.y.subarray(0, n * train.outDim), [n, train.outDim]);
        return [sumLog10(snipScores(arch, init, mask, X, y)), sumLog10(synflowScores(arch, init, mask))];
      });
      mask.dispose();
      const label = `init ${seed}`;
      const run = await trainUnit(
        arch,
        init,
        { train, test },
        {
          optimizer: config.optimizer,
          batchSize: config.batchSize,
          seed: config.dataSeed,
          numSteps: config.numSteps,
          evalEvery: config.numSteps,
          callbacks: {
            onStep: ({ step, params }) => {
              if (!ks.includes(step)) return;
              valLossAt.push(evaluate(arch, params, val, { loss: "softmaxCrossEntropy" }).loss);
              if (step === ks[ks.length - 1]) spreadAtK = importanceSpread(arch, params);
            },
          },
          progress: progress.stage(label, config.numSteps),
          signal: options.signal,
          handleSigint: options.handleSigint,
          label,
        },
      );
      const last = run.evals[run.evals.length - 1].test;
      disposeParams(run.params);
      return {
        seed,
        snip,
        synflow,
        spreadInit: importanceSpread(arch, init),
        spreadAtK,
        valLossAt,
        finalTestAcc: last?.accuracy ?? NaN,
        finalTestLoss: last?.loss ?? NaN,
      };
    } finally {
      disposeParams(init);
    }
  },
};

/**
 * Scores `numInits` inits (seeds 0 … numInits − 1), each cached on its own.
 *
 * @throws `early scores: numInits must be an integer ≥ 2 ...` (a rank correlation needs two), on a bad config,
 *   and `ExperimentInterrupted` when stopped.
 */
export async function runEarlyScores(
  config: EarlyScoresConfig,
  numInits: number,
  options: ExperimentOptions = {},
): Promise<EarlyScoreRow[]> {
  if (!(Number.isInteger(numInits) && numInits >= 2)) {
    throw new Error(
      `early scores: numInits must be an integer ≥ 2 (a rank correlation needs two inits); got ${numInits}`,
    );
  }
  return runSeeds(
    EARLY_SCORES,
    config,
    Array.from({ length: numInits }, (_, i) => i),
    options,
  );
}
