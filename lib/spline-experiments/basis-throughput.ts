import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import { disposeParams } from "../core/params";
import { uniformArray } from "../core/rng";
import { classificationDataset } from "../data/dataset";
import { train } from "../train/train";

/** Options of {@link basisThroughput}. */
export interface ThroughputOptions {
  /** Input coordinates (default 32, as the PCA arms). */
  readonly inDim?: number;
  /** Units per coordinate (default 8: 256 units). */
  readonly unitsPerInput?: number;
  /** Steps timed per variant (default 300). */
  readonly numSteps?: number;
  readonly batchSize?: number;
  /** Aborting it stops the measurement at the next step. */
  readonly signal?: AbortSignal;
}

/** The training speed of one first layer under a softmax readout (wall time, the feature pass included). */
export interface ThroughputRow {
  readonly layer: "hinge" | "bspline";
  /** Whether the frozen layer's features were computed once (the default) or at every step. */
  readonly featuresOnce: boolean;
  readonly stepsPerSecond: number;
}

/**
 * Measures training steps per second of a readout on a frozen ordered hinge layer (one dense matmul) and on a
 * cubic B-spline layer (Cox–de Boor: about a dozen elementwise ops per degree) of the same width, each with the
 * features recomputed at every step and computed once. Random inputs on [−1, 1]^d and random labels; the numbers
 * depend on the machine and its load, so compare the rows of one call.
 *
 * @returns four rows; no tensors outlive the call.
 */
export async function basisThroughput(options: ThroughputOptions = {}): Promise<ThroughputRow[]> {
  checkOptions(
    options,
    { inDim: "number?", unitsPerInput: "number?", numSteps: "number?", batchSize: "number?", signal: "any?" },
    "basisThroughput",
  );
  const { inDim = 32, unitsPerInput = 8, numSteps = 300, batchSize = 60 } = options;
  const n = 2048;
  const labels = Array.from(uniformArray(n, 1), (u) => Math.floor(10 * u));
  const ds = classificationDataset("uniform", uniformArray(n * inDim, 0, -1, 1), labels, inDim, 10);
  const layers = {
    hinge: { kind: "hinge", knots: unitsPerInput, range: [-1, 1] },
    bspline: { kind: "bspline", grid: unitsPerInput - 3, degree: 3, range: [-1, 1] },
  } as const;
  const rows: ThroughputRow[] = [];
  for (const featuresOnce of [false, true]) {
    for (const layer of ["hinge", "bspline"] as const) {
      const arch: Architecture = { inDim, layers: [layers[layer], { kind: "dense", units: 10 }] };
      const init = initParams(arch, { seed: 0 });
      const start = performance.now();
      const run = await train(
        arch,
        init,
        { train: ds },
        {
          optimizer: { kind: "adam", lr: 1e-3 },
          seed: 0,
          numSteps,
          batchSize,
          cacheFeatures: featuresOnce,
          signal: options.signal,
          handleSigint: false,
        },
      );
      disposeParams(init);
      disposeParams(run.params);
      const seconds = (performance.now() - start) / 1000;
      rows.push({ layer, featuresOnce, stepsPerSecond: run.numSteps / seconds });
    }
  }
  return rows;
}
