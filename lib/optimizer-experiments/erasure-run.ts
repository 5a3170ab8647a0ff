import * as tf from "@tensorflow/tfjs";
import { disposeParams } from "../core/params";
import type { DataSets } from "../experiment/data-spec";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import type { StepContext } from "../train/callbacks";
import { type Displacement, displacement } from "../weight-measures/displacement";
import { type GaugeShare, gaugeShare } from "../weight-measures/gauge-share";
import { pictureSsim } from "../weight-measures/picture-ssim";
import { singularValues, stableRank } from "../weight-measures/spectrum";
import { watermarkContrast } from "../weight-measures/watermark-contrast";
import { type ErasureConfig, type ErasureKind, erasureOptimizer } from "./erasure-config";
import { type ErasureStart, snapshot } from "./erasure-start";

/** The hidden matrix at one checkpoint: how far it moved, how much picture is left, and the last step's rank. */
export type ErasureCheckpoint = Displacement & {
  readonly step: number;
  /** Watermark contrast: 1 at init, 0 erased. */
  readonly contrast: number;
  /** SSIM to W₀, both shown at the start's fixed display range. */
  readonly ssim: number;
  /** Stable rank and spectral norm of the single update `W_step − W_(step−1)` (NaN at step 0). */
  readonly stepStableRank: number;
  readonly stepSpectral: number;
};

/** One run of the sweep (plain JSON). */
export type ErasureRun = {
  readonly kind: ErasureKind;
  readonly lr: number;
  /** Set when the loss became NaN/Inf; then the measures stop at the last checkpoint reached. */
  readonly diverged: string | null;
  /** Mean training-batch loss over the last quarter of the run. */
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly testAcc: number;
  readonly checkpoints: readonly ErasureCheckpoint[];
  /** The hidden matrix at each checkpoint, subsampled (see `snapshot`), `[height·width]` row-major. */
  readonly snapshots: readonly Float32Array[];
  readonly snapshotShape: readonly [number, number];
  /** The whole network's displacement from the start, before and after the gauge is fixed (null if diverged). */
  readonly gauge: GaugeShare | null;
};

/** Measures the hidden matrix at checkpoints, and the single update just before each. */
function checkpointTracker(config: ErasureConfig, start: ErasureStart) {
  const wanted = new Set(config.checkpoints);
  const W0 = start.params[start.matrix];
  const checkpoints: ErasureCheckpoint[] = [];
  const snapshots: Float32Array[] = [];
  let previous: tf.Tensor | undefined;
  const state = { nonFiniteAt: -1 };
  const onStep = (ctx: StepContext): void | "stop" => {
    const W = ctx.params[start.matrix];
    if (wanted.has(ctx.step)) {
      if (!tf.tidy(() => tf.all(tf.isFinite(W)).dataSync()[0])) {
        state.nonFiniteAt = ctx.step;
        return "stop";
      }
      let step = { stableRank: NaN, spectral: NaN };
      if (previous) {
        const delta = tf.sub(W, previous);
        const sv = singularValues(delta);
        delta.dispose();
        step = { stableRank: stableRank(sv), spectral: sv[0] };
      }
      checkpoints.push({
        ...(ctx.step === 0
          ? { relFrobenius: 0, relSpectral: 0, spectral: 0, stableRank: 0, effectiveRank: 0 }
          : displacement(W0, W, start.spectral)),
        step: ctx.step,
        contrast: watermarkContrast(W0, W, start.ink, config.mode),
        ssim: pictureSsim(W0, W, start.range),
        stepStableRank: step.stableRank,
        stepSpectral: step.spectral,
      });
      snapshots.push(snapshot(W, config.snapshotSide).data);
    }
    previous?.dispose();
    previous = wanted.has(ctx.step + 1) ? W.clone() : undefined;
  };
  return { checkpoints, snapshots, state, onStep, dispose: () => previous?.dispose() };
}

/**
 * Trains one arm at one lr from the shared start and measures the hidden matrix along the way. A run whose loss
 * becomes NaN/Inf is recorded as diverged (its measures up to then are kept), not thrown.
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws `ExperimentInterrupted` on the stop button, and on other training errors.
 */
export async function erasureRun(
  config: ErasureConfig,
  start: ErasureStart,
  data: DataSets,
  kind: ErasureKind,
  lr: number,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<ErasureRun> {
  const tracker = checkpointTracker(config, start);
  const label = `${kind} lr=${lr}`;
  const shape = snapshot(start.params[start.matrix], config.snapshotSide);
  const base = { kind, lr, snapshotShape: [shape.height, shape.width] as [number, number] };
  let trained = false;
  try {
    const run = await trainUnit(
      start.arch,
      start.params,
      { train: data.train, test: data.test },
      {
        optimizer: erasureOptimizer(config, kind, lr, start.matrix),
        seed: config.seed,
        numSteps: config.numSteps,
        batchSize: config.batchSize,
        evalEvery: Math.max(1, Math.round(config.numSteps / 4)),
        callbacks: { onStep: tracker.onStep },
        progress: progress.stage(label, config.numSteps),
        signal: options.signal,
        handleSigint: options.handleSigint,
        label,
      },
    );
    trained = true;
    if (tracker.state.nonFiniteAt >= 0) {
      disposeParams(run.params);
      throw new Error(
        `training diverged: the hidden matrix holds NaN or ±Inf at step ${tracker.state.nonFiniteAt}`,
      );
    }
    const last = run.evals[run.evals.length - 1];
    const gauge = gaugeShare(start.arch, start.params, run.params, config.seed);
    disposeParams(run.params);
    return {
      ...base,
      diverged: null,
      trainLoss: last?.trainLoss ?? NaN,
      testLoss: last?.test?.loss ?? NaN,
      testAcc: last?.test?.accuracy ?? NaN,
      checkpoints: tracker.checkpoints,
      snapshots: tracker.snapshots,
      gauge,
    };
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith("training diverged")) throw err;
    if (!trained) progress.skip(config.numSteps, `${label} · diverged`);
    return {
      ...base,
      diverged: err.message,
      trainLoss: NaN,
      testLoss: NaN,
      testAcc: NaN,
      checkpoints: tracker.checkpoints,
      snapshots: tracker.snapshots,
      gauge: null,
    };
  } finally {
    tracker.dispose();
  }
}
