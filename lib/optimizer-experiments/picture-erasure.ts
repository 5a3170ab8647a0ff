import { loadData } from "../experiment/data-spec";
import type { Experiment } from "../experiment/experiment";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { type ErasureConfig, checkErasure } from "./erasure-config";
import { type ErasureRun, erasureRun } from "./erasure-run";
import { erasureStart, snapshot, subsample } from "./erasure-start";

/** What {@link PICTURE_ERASURE} returns: plain JSON. */
export type ErasureResult = {
  /** One run per arm and lr, arms in config order, lrs ascending as given. */
  readonly runs: readonly ErasureRun[];
  /** The start's hidden matrix, subsampled like the runs' snapshots. */
  readonly start: Float32Array;
  readonly snapshotShape: readonly [number, number];
  /** The picture on the matrix, subsampled the same way, in [0, 1]. */
  readonly ink: Float32Array;
  /** The fixed display range of every picture: 3 × W₀'s standard deviation. */
  readonly range: number;
  /** The hidden matrix's name and shape, e.g. `dense1/kernel`, `[256, 256]`. */
  readonly matrix: string;
  readonly matrixShape: readonly [number, number];
};

async function computeErasure(
  config: ErasureConfig,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<ErasureResult> {
  const data = loadData(config.data);
  const start = erasureStart(config);
  try {
    const W0 = start.params[start.matrix];
    const [rows, cols] = W0.shape;
    const runs: ErasureRun[] = [];
    for (const arm of config.arms) {
      for (const lr of arm.lrs)
        runs.push(await erasureRun(config, start, data, arm.kind, lr, progress, options));
    }
    const first = snapshot(W0, config.snapshotSide);
    const inkPic = subsample(start.ink, rows, cols, config.snapshotSide).data;
    return {
      runs,
      start: first.data,
      snapshotShape: [first.height, first.width],
      ink: inkPic,
      range: start.range,
      matrix: start.matrix,
      matrixShape: [rows, cols],
    };
  } finally {
    start.dispose();
  }
}

/**
 * Optimizers seen through a picture in a hidden matrix (after Jesus et al. 2020 and modula's weight-erasure
 * example): from one seeded init with a glyph watermarked into the first hidden matrix, trains every arm
 * (SGD, Adam, spectral GD, dualized GD, Muon) at every lr of its sweep on the same batches, and measures the
 * matrix at checkpoints: displacement norms, the stable and effective rank of ΔW and of single updates,
 * watermark contrast, SSIM, and at the end the gauge share of the whole network's displacement. The unit is the
 * config; the whole sweep is one cached result.
 */
export const PICTURE_ERASURE: Experiment<ErasureConfig, ErasureResult> = {
  name: "picture-erasure",
  version: 1,
  check: checkErasure,
  steps: (config) => config.arms.reduce((n, arm) => n + arm.lrs.length * config.numSteps, 0),
  compute: computeErasure,
};
