import type { Architecture } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import type { Experiment } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import { matchedCosines } from "../gauge/neuron-cosines";
import { permute } from "../gauge/permute";
import { ARM_LABELS, type BasisArm } from "./arms";
import { checkMnistBases, type MnistBasesConfig, mnistArm, mnistSetup } from "./mnist-arms";

/** Two seeds of each arm of a {@link MnistBasesConfig}. */
export interface SeedSimilarityUnit {
  readonly config: MnistBasesConfig;
  readonly seeds: readonly [number, number];
}

/** How alike one arm's two seeds are, unit by unit and in the readout, before and after weight matching. */
export interface SeedSimilarityRow {
  readonly arm: BasisArm;
  readonly label: string;
  /** Mean cosine of same-index hidden units of each unit group, raw and after matching (in layer order). */
  readonly unitsRaw: readonly number[];
  readonly unitsMatched: readonly number[];
  /** Cosine of the two readout kernels, raw and after matching. */
  readonly readoutRaw: number;
  readonly readoutMatched: number;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [dot, na, nb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) [dot, na, nb] = [dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]];
  return dot / Math.sqrt(na * nb);
}

/** The similarity of two trained networks of `arch`, raw and after `b` is matched to `a`. */
function similarity(arch: Architecture, a: Params, b: Params, arm: BasisArm): SeedSimilarityRow {
  const { raw, matched, perms } = matchedCosines(arch, a, b);
  const aligned = permute(arch, b, perms);
  const readout = (p: Params) => p["readout/kernel"].dataSync();
  const row = {
    arm,
    label: ARM_LABELS[arm],
    unitsRaw: raw,
    unitsMatched: matched,
    readoutRaw: cosine(readout(a), readout(b)),
    readoutMatched: cosine(readout(a), readout(aligned)),
  };
  disposeParams(aligned);
  return row;
}

/**
 * The gauge view of notebook 03: trains every arm for two seeds on MNIST-10k and compares the two, unit by unit
 * and readout against readout, before and after weight matching. Frozen ordered layers are the same in both
 * seeds by construction (nothing to align), so only the readouts can differ; a trained MLP's units come out
 * in an arbitrary order that matching must undo.
 */
export const SEED_SIMILARITY: Experiment<SeedSimilarityUnit, { rows: SeedSimilarityRow[] }> = {
  name: "seed-similarity",
  version: 1,
  check({ config, seeds }) {
    checkMnistBases(config, "seed similarity");
    if (
      !Array.isArray(seeds) ||
      seeds.length !== 2 ||
      !seeds.every(Number.isInteger) ||
      seeds[0] === seeds[1]
    ) {
      throw new Error(`seed similarity: seeds must be two different integers; got ${JSON.stringify(seeds)}`);
    }
  },
  steps: ({ config }) => 2 * config.arms.length * config.epochs * Math.ceil(8000 / config.batchSize),
  async compute({ config, seeds }, progress, options) {
    const setup = mnistSetup(config);
    const numSteps = config.epochs * Math.ceil(setup.data.train.numExamples / config.batchSize);
    const rows: SeedSimilarityRow[] = [];
    for (const arm of config.arms) {
      const trained: Params[] = [];
      let arch: Architecture | undefined;
      try {
        for (const seed of seeds) {
          const built = mnistArm(config, setup, arm, seed);
          const init = built.init;
          arch = built.arch;
          const label = `seed ${seed} · ${arm}`;
          try {
            const run = await trainUnit(
              arch,
              init,
              { train: setup.data.train },
              {
                optimizer: config.optimizer,
                seed,
                numSteps,
                batchSize: config.batchSize,
                progress: progress.stage(label, numSteps),
                signal: options.signal,
                handleSigint: options.handleSigint,
                label,
              },
            );
            trained.push(run.params);
          } finally {
            disposeParams(init);
          }
        }
        rows.push(similarity(arch as Architecture, trained[0], trained[1], arm));
      } finally {
        trained.forEach(disposeParams);
      }
    }
    return { rows };
  },
};
