import { checkOptions } from "../core/check-options";
import type { InitKind } from "../core/init-kernel";
import { WATERMARK_MODES, type WatermarkMode } from "../core/watermark";
import type { DataSpec } from "../experiment/data-spec";
import type { OptimizerConfig } from "../optim/optimizer";

/** The optimizers the erasure experiment compares. */
export type ErasureKind = "sgd" | "adam" | "spectral-gd" | "dualized-gd" | "muon";

/** One arm: an optimizer and the lrs it is swept over. */
export type ErasureArm = { readonly kind: ErasureKind; readonly lrs: readonly number[] };

/** The picture-erasure experiment: a picture in a hidden matrix, each optimizer over an lr sweep. */
export interface ErasureConfig {
  readonly data: DataSpec;
  /** MLP widths, e.g. `[784, 256, 256, 10]`; the picture goes into the hidden matrix `dense1/kernel`. */
  readonly sizes: readonly number[];
  readonly init: InitKind;
  /** Seed of the init and of the batch order (the same for every run). */
  readonly seed: number;
  /** Letters drawn into the matrix (`glyphPicture`), e.g. `"M"`. */
  readonly glyph: string;
  readonly mode: WatermarkMode;
  readonly strength: number;
  readonly arms: readonly ErasureArm[];
  readonly numSteps: number;
  readonly batchSize: number;
  /** Steps at which the hidden matrix is measured and kept as a picture (0 and `numSteps` included). */
  readonly checkpoints: readonly number[];
  /** The matrix optimizers' fallback: Adam at this lr on every param but the hidden matrix. */
  readonly fallbackLr: number;
  /** The kept pictures are the hidden matrix subsampled (every k-th row and column) to at most this side. */
  readonly snapshotSide: number;
}

/**
 * Full mode: MNIST-10k on 784-256-256-10 with the letter "M" multiplied into the 256×256 hidden matrix (the ink
 * set to 0, as in modula's weight-erasure example), 300 steps of batch 128 (4.8 epochs) per run, four lrs per
 * optimizer. About 12–20 minutes on wasm here.
 */
export const DEFAULT_ERASURE: ErasureConfig = {
  data: { kind: "mnist", seed: 0 },
  sizes: [784, 256, 256, 10],
  init: "glorotNormal",
  seed: 0,
  glyph: "M",
  mode: "multiply",
  strength: 1,
  arms: [
    { kind: "sgd", lrs: [0.03, 0.1, 0.3, 1] },
    { kind: "adam", lrs: [3e-4, 1e-3, 3e-3, 1e-2] },
    { kind: "spectral-gd", lrs: [0.01, 0.03, 0.1, 0.3] },
    { kind: "dualized-gd", lrs: [0.003, 0.01, 0.03, 0.1] },
    { kind: "muon", lrs: [0.003, 0.01, 0.03, 0.1] },
  ],
  numSteps: 300,
  batchSize: 128,
  checkpoints: [0, 25, 100, 300],
  fallbackLr: 1e-3,
  snapshotSide: 128,
};

/** Quick mode: 40 steps, two lrs per optimizer (about a minute on wasm). */
export const QUICK_ERASURE: ErasureConfig = {
  ...DEFAULT_ERASURE,
  arms: DEFAULT_ERASURE.arms.map((arm) => ({ kind: arm.kind, lrs: [arm.lrs[1], arm.lrs[3]] })),
  numSteps: 40,
  checkpoints: [0, 10, 40],
};

const FIELDS = {
  data: "object",
  sizes: "array",
  init: "string",
  seed: "number",
  glyph: "string",
  mode: "string",
  strength: "number",
  arms: "array",
  numSteps: "number",
  batchSize: "number",
  checkpoints: "array",
  fallbackLr: "number",
  snapshotSide: "number",
} as const;

const KINDS: readonly ErasureKind[] = ["sgd", "adam", "spectral-gd", "dualized-gd", "muon"];

/** Checks an erasure config before any work. @throws naming the field at fault. */
export function checkErasure(config: ErasureConfig): void {
  const where = "picture erasure config";
  checkOptions(config, FIELDS, where);
  if (config.sizes.length < 4) {
    throw new Error(
      `${where}: sizes must have a hidden matrix, e.g. [784, 256, 256, 10]; got [${config.sizes}]`,
    );
  }
  if (!WATERMARK_MODES.includes(config.mode)) {
    throw new Error(`${where}: mode must be one of ${WATERMARK_MODES.join(", ")}; got ${config.mode}`);
  }
  if (!(Number.isInteger(config.numSteps) && config.numSteps > 0)) {
    throw new Error(`${where}: numSteps must be a positive integer; got ${config.numSteps}`);
  }
  const cps = config.checkpoints;
  if (
    cps[0] !== 0 ||
    cps[cps.length - 1] !== config.numSteps ||
    cps.some((c, i) => i > 0 && !(c > cps[i - 1]))
  ) {
    throw new Error(`${where}: checkpoints must rise from 0 to numSteps (${config.numSteps}); got [${cps}]`);
  }
  for (const arm of config.arms) {
    checkOptions(arm, { kind: "string", lrs: "array" }, `${where}: arm`);
    if (!KINDS.includes(arm.kind)) {
      throw new Error(`${where}: arm kind must be one of ${KINDS.join(", ")}; got ${arm.kind}`);
    }
    for (const lr of arm.lrs) {
      if (!(lr > 0)) throw new Error(`${where}: ${arm.kind}: every lr must be > 0; got ${lr}`);
    }
  }
  if (!(config.fallbackLr > 0)) throw new Error(`${where}: fallbackLr must be > 0; got ${config.fallbackLr}`);
}

/** The optimizer config of one run: the arm's kind at `lr`, with the fallback on all but `matrix`. */
export function erasureOptimizer(
  config: ErasureConfig,
  kind: ErasureKind,
  lr: number,
  matrix: string,
): OptimizerConfig {
  if (kind === "sgd" || kind === "adam") return { kind, lr };
  return { kind, lr, matrices: [matrix], fallback: { kind: "adam", lr: config.fallbackLr } };
}
