import { prunableParams } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed } from "../core/rng";
import { type Experiment, runExperiment, runSeeds, runUnit, type Seeded } from "../experiment/experiment";
import { defaultWorkers } from "../experiment/pool";
import { registerExperiment } from "../experiment/registry";
import { ExperimentInterrupted, trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { interpolationCurve, lossBarrier } from "../gauge/interpolation";
import { randomMaskLike } from "../prune/random";
import { type Snapshots, snapshotsAt } from "../train/callbacks";
import { evaluate } from "../train/evaluate";
import { yieldToEventLoop } from "../train/interrupt";
import { Mask } from "../train/mask";
import { trainPopulation } from "../train/population";
import type { LotteryConfig } from "./config";
import { lotteryData, type LotteryDataSets } from "./data";
import { decodeMask } from "./mask-codec";
import { keptCounts } from "./round-result";
import { LOTTERY, lotteryInit } from "./run";
import {
  checkStability,
  impAtRewind,
  stabilitySteps,
  type StabilityConfig,
  type StabilityKind,
  type StabilityPoint,
  type StabilityResult,
} from "./stability-config";

/**
 * θ_k for every k > 0 of `ks`: the dense network trained from `init` for k steps in the order of the IMP run's
 * data (`deriveSeed(seed, "data")`), which is the point IMP with rewinding to k resets its survivors to.
 *
 * @returns snapshots the caller takes (owns) and disposes.
 */
export async function rewindPoints(
  lottery: LotteryConfig,
  init: Params,
  data: LotteryDataSets,
  seed: number,
  ks: readonly number[],
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<Snapshots> {
  const snaps = snapshotsAt(ks.filter((k) => k > 0));
  const maxK = Math.max(...ks);
  if (maxK === 0) return snaps;
  const label = `dense · to k = ${maxK}`;
  const dense = Mask.ones(init, prunableParams(lottery.arch));
  try {
    const run = await trainUnit(
      lottery.arch,
      init,
      { train: data.train },
      {
        optimizer: lottery.optimizer,
        batchSize: lottery.batchSize,
        seed: deriveSeed(seed, "data"),
        numSteps: maxK,
        mask: dense,
        callbacks: [snaps.callbacks],
        progress: progress.stage(label, maxK),
        signal: options.signal,
        handleSigint: options.handleSigint,
        label,
      },
    );
    disposeParams(run.params);
    return snaps;
  } catch (err) {
    snaps.dispose();
    throw err;
  } finally {
    dense.dispose();
  }
}

/** Trains one copy of every kind from θ_k, in the data order of `copySeed`, as one population (same numbers as alone). */
async function trainCopies(
  start: Params,
  masks: readonly (Mask | undefined)[],
  data: LotteryDataSets,
  lottery: LotteryConfig,
  copySeed: number,
  numSteps: number,
  label: string,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<Params[]> {
  const K = masks.length;
  const stage = progress.stage(label, numSteps * K);
  await yieldToEventLoop();
  const runs = await trainPopulation(
    lottery.arch,
    masks.map(() => start),
    { train: data.train },
    {
      optimizer: lottery.optimizer,
      batchSize: lottery.batchSize,
      seed: copySeed,
      numSteps,
      masks,
      progress: {
        update: (info) => stage.update({ ...info, step: info.step * K, total: info.total * K }),
        done: (info) => stage.done(info),
      },
      signal: options.signal,
      handleSigint: options.handleSigint,
      label,
    },
  );
  if (runs.some((run) => run.interrupted)) {
    runs.forEach((run) => disposeParams(run.params));
    throw new ExperimentInterrupted(label);
  }
  return runs.map((run) => run.params);
}

/** The barrier between two copies of one kind, from the test error and loss along the segment between them. */
function stabilityPoint(
  kind: StabilityKind,
  k: number,
  density: number,
  [a, b]: readonly Params[],
  data: LotteryDataSets,
  config: StabilityConfig,
): StabilityPoint {
  const curve = interpolationCurve(
    a,
    b,
    (p) => evaluate(config.lottery.arch, p, data.test, { loss: "softmaxCrossEntropy" }),
    config.numPoints,
  );
  const error = curve.acc.map((acc) => 1 - acc);
  return {
    kind,
    rewindStep: k,
    density,
    barrier: lossBarrier({ t: curve.t, loss: error }),
    lossBarrier: lossBarrier(curve),
    curve: { t: curve.t, error, loss: curve.loss },
  };
}

/** Every kind at one rewind step k: the ticket mask of IMP rewinding to k, θ_k, two copies each, their barriers. */
async function pointsAt(
  k: number,
  start: Params,
  data: LotteryDataSets,
  config: StabilityConfig,
  seed: number,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<StabilityPoint[]> {
  const { lottery, round } = config;
  const imp = await runUnit(LOTTERY, { config: impAtRewind(lottery, k), seed }, progress, {
    ...options,
    recompute: false,
  });
  const ticket = decodeMask(imp.masks[round]);
  const masks = config.kinds.map((kind) =>
    kind === "ticket"
      ? ticket.clone()
      : kind === "randomPrune"
        ? randomMaskLike(ticket, deriveSeed(seed, `randomPrune/k${k}/round${round}`))
        : undefined,
  );
  const copies: Params[][] = [];
  try {
    for (const copy of [0, 1]) {
      const label = `k = ${k} · copy ${copy} · ${config.kinds.join(" + ")}`;
      const copySeed = deriveSeed(seed, `stability/copy${copy}`);
      copies.push(
        await trainCopies(
          start,
          masks,
          data,
          lottery,
          copySeed,
          lottery.numSteps - k,
          label,
          progress,
          options,
        ),
      );
    }
    return config.kinds.map((kind, i) => {
      const density = masks[i] ? keptCounts(masks[i] as Mask).density : 1;
      return stabilityPoint(kind, k, density, [copies[0][i], copies[1][i]], data, config);
    });
  } finally {
    copies.forEach((members) => members.forEach(disposeParams));
    masks.forEach((m) => m?.dispose());
    ticket.dispose();
  }
}

async function computeStability(
  { config, seed }: Seeded<StabilityConfig>,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<StabilityResult> {
  const { lottery } = config;
  const ks = [...config.rewindSteps].sort((a, b) => a - b);
  const data = lotteryData(lottery.data);
  const init = lotteryInit(lottery, seed);
  try {
    const snaps = await rewindPoints(lottery, init, data, seed, ks, progress, options);
    const points: StabilityPoint[] = [];
    try {
      for (const k of ks) {
        const start = k === 0 ? init : snaps.take(k);
        try {
          points.push(...(await pointsAt(k, start, data, config, seed, progress, options)));
        } finally {
          if (start !== init) disposeParams(start);
        }
      }
    } finally {
      snaps.dispose();
    }
    const order = (p: StabilityPoint) => config.kinds.indexOf(p.kind);
    points.sort((a, b) => order(a) - order(b) || a.rewindStep - b.rewindStep); // by kind, then k
    const ticket = points.find((p) => p.kind === "ticket");
    return { seed, density: ticket?.density ?? points[0].density, points };
  } finally {
    disposeParams(init);
  }
}

/**
 * Linear mode connectivity vs rewind step (Frankle et al. 2020) as a unit `{ config, seed }`, as the paper
 * runs it: for each k, the ticket is the mask at `round` of IMP with rewinding to k ({@link impAtRewind}) applied
 * to θ_k, the dense network after k steps ({@link rewindPoints}); the random-pruning control is a random mask
 * with the ticket's per-layer counts on the same θ_k, and the dense control is θ_k itself. Two copies of each are
 * trained from step k to the end with two other data orders, and the test-error barrier along the segment
 * between the copies is measured. A barrier near 0 means "stable": the outcome no longer depends on the data
 * order. The IMP runs are reused from the cache (or computed and cached on the way).
 */
export const STABILITY: Experiment<Seeded<StabilityConfig>, StabilityResult> = registerExperiment({
  name: "lottery-stability",
  version: 3,
  check: ({ config }) => checkStability(config),
  steps: ({ config }) => stabilitySteps(config),
  compute: computeStability,
});

/**
 * Runs {@link STABILITY} for one seed with its own progress bar, cached by config hash.
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config before any training, and `ExperimentInterrupted` when stopped (nothing is cached).
 */
export function runStability(
  config: StabilityConfig,
  seed: number,
  options: ExperimentOptions = {},
): Promise<StabilityResult> {
  return runExperiment(STABILITY, { config, seed }, options);
}

/**
 * Runs {@link STABILITY} for every seed (each cached on its own) with one progress bar, in `options.workers`
 * worker threads (default `defaultWorkers()`; 0 in this process), with the same results.
 *
 * @returns one result per seed, in order; plain JSON.
 * @throws as {@link runStability}, and on empty `seeds`.
 */
export function runStabilitySeeds(
  config: StabilityConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<StabilityResult[]> {
  return runSeeds(STABILITY, config, seeds, { workers: defaultWorkers(), ...options });
}
