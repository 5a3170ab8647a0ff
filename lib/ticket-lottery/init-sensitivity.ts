import { type Architecture, mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import { disposeParams } from "../core/params";
import type { DataSpec } from "../experiment/data-spec";
import { loadData } from "../experiment/data-spec";
import { type Experiment, runSeeds, type Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { OptimizerConfig } from "../optim/optimizer";

/** Init sensitivity: the seed-to-seed spread of an MLP and of an attention model at matched size. */
export interface InitSensitivityConfig {
  readonly data: DataSpec;
  /** The models by name, e.g. `{ mlp: mlp([784, 24, 10]), attention: ... }`. */
  readonly models: Readonly<Record<string, Architecture>>;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  readonly numSteps: number;
  readonly evalEvery: number;
  /** Seed of the batch order, the same for every run: only the init varies. */
  readonly dataSeed: number;
}

/**
 * One self-attention block on MNIST rows as tokens (28 tokens of 28 pixels, dModel 32, MLP 64) and a dense
 * head: 19,050 params. The MLP 784-24-10 has 19,090.
 */
export const ROW_ATTENTION: Architecture = {
  inDim: 784,
  layers: [
    { kind: "attention", tokens: 28, dModel: 32, mlpUnits: 64 },
    { kind: "dense", units: 10 },
  ],
};

/** The MLP and the attention model at matched parameter counts, 300 steps of Adam (2.25 epochs) on MNIST-10k. */
export const DEFAULT_INIT_SENSITIVITY: InitSensitivityConfig = {
  data: { kind: "mnist", seed: 0 },
  models: { mlp: mlp([784, 24, 10]), attention: ROW_ATTENTION },
  optimizer: { kind: "adam", lr: 1e-3 },
  batchSize: 60,
  numSteps: 300,
  evalEvery: 100,
  dataSeed: 0,
};

/** Quick mode: 30 steps. */
export const QUICK_INIT_SENSITIVITY: InitSensitivityConfig = {
  ...DEFAULT_INIT_SENSITIVITY,
  numSteps: 30,
  evalEvery: 15,
};

/** One init seed's final test result per model. */
export interface SensitivityRow {
  readonly seed: number;
  readonly models: Readonly<
    Record<
      string,
      {
        readonly numParams: number;
        readonly testAcc: number;
        readonly testLoss: number;
        readonly seconds: number;
      }
    >
  >;
}

/** One init seed: every model trained from it on the same batches. */
export const INIT_SENSITIVITY: Experiment<Seeded<InitSensitivityConfig>, SensitivityRow> = {
  name: "ticket-init-sensitivity",
  version: 1,
  check: ({ config }) => {
    checkOptions(
      config,
      {
        data: "object",
        models: "object",
        optimizer: "object",
        batchSize: "number",
        numSteps: "number",
        evalEvery: "number",
        dataSeed: "number",
      },
      "init sensitivity config",
    );
    if (Object.keys(config.models).length === 0)
      throw new Error("init sensitivity: models is empty; name at least one");
  },
  steps: ({ config }) => config.numSteps * Object.keys(config.models).length,
  async compute({ config, seed }, progress, options) {
    const { train, test } = loadData(config.data);
    const models: Record<string, SensitivityRow["models"][string]> = {};
    for (const [name, arch] of Object.entries(config.models)) {
      const init = initParams(arch, { seed });
      const label = `${name} init ${seed}`;
      try {
        const run = await trainUnit(
          arch,
          init,
          { train, test },
          {
            optimizer: config.optimizer,
            batchSize: config.batchSize,
            seed: config.dataSeed,
            numSteps: config.numSteps,
            evalEvery: config.evalEvery,
            progress: progress.stage(label, config.numSteps),
            signal: options.signal,
            handleSigint: options.handleSigint,
            label,
          },
        );
        const last = run.evals[run.evals.length - 1].test;
        disposeParams(run.params);
        const numParams = Object.values(init).reduce((a, t) => a + t.size, 0);
        models[name] = {
          numParams,
          testAcc: last?.accuracy ?? NaN,
          testLoss: last?.loss ?? NaN,
          seconds: run.seconds,
        };
      } finally {
        disposeParams(init);
      }
    }
    return { seed, models };
  },
};

/**
 * Trains every model from each init seed, each seed cached on its own.
 *
 * @throws `init sensitivity: seeds ...` for fewer than 2 seeds (a spread needs two), on a bad config, and
 *   `ExperimentInterrupted` when stopped.
 */
export async function runInitSensitivity(
  config: InitSensitivityConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<SensitivityRow[]> {
  if (!Array.isArray(seeds) || seeds.length < 2) {
    throw new Error(
      `init sensitivity: seeds must hold at least 2 seeds (a spread needs two); got ${JSON.stringify(seeds)}`,
    );
  }
  return runSeeds(INIT_SENSITIVITY, config, seeds, options);
}
