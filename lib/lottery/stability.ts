import { prunableParams } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { deriveSeed } from "../core/rng";
import { type Experiment, runExperiment, runUnit, type Seeded } from "../experiment/experiment";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { interpolationCurve, lossBarrier } from "../gauge/interpolation";
import { randomMaskLike } from "../prune/random";
import { snapshotsAt } from "../train/callbacks";
import { evaluate } from "../train/evaluate";
import { Mask } from "../train/mask";
import { plannedSteps, type LotteryConfig } from "./config";
import { lotteryData, type LotteryDataSets } from "./data";
import { decodeMask } from "./mask-codec";
import { keptCounts } from "./round-result";
import { LOTTERY, lotteryInit } from "./run";
import {
  checkStability,
  kindSteps,
  type StabilityConfig,
  type StabilityKind,
  type StabilityPoint,
  type StabilityResult,
} from "./stability-config";

async function trainOrStop(
  start: Params,
  data: LotteryDataSets,
  lottery: LotteryConfig,
  mask: Mask,
  seed: number,
  numSteps: number,
  extra: {
    progress: ExperimentProgress;
    label: string;
    options: ExperimentOptions;
    snaps?: ReturnType<typeof snapshotsAt>;
  },
): Promise<Params> {
  const res = await trainUnit(
    lottery.arch,
    start,
    { train: data.train },
    {
      optimizer: lottery.optimizer,
      batchSize: lottery.batchSize,
      seed,
      numSteps,
      mask,
      callbacks: extra.snaps ? [extra.snaps.callbacks] : [],
      progress: extra.progress.stage(extra.label, numSteps),
      signal: extra.options.signal,
      handleSigint: extra.options.handleSigint,
      label: extra.label,
    },
  );
  return res.params;
}

/** Branches at every k from the masked trajectory of `init` and measures the error barrier between the copies. */
async function kindPoints(
  kind: StabilityKind,
  init: Params,
  mask: Mask,
  data: LotteryDataSets,
  config: StabilityConfig,
  seed: number,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<StabilityPoint[]> {
  const { lottery } = config;
  const ks = [...config.rewindSteps].sort((a, b) => a - b);
  const snaps = snapshotsAt(ks);
  const points: StabilityPoint[] = [];
  const dataSeed = deriveSeed(seed, "data");
  try {
    const maxK = ks[ks.length - 1];
    const label = `${kind} · parent`;
    if (maxK > 0)
      disposeParams(
        await trainOrStop(init, data, lottery, mask, dataSeed, maxK, { progress, label, options, snaps }),
      );
    for (const k of ks) {
      const start = k === 0 ? init : snaps.take(k);
      const copies: Params[] = [];
      try {
        for (const copy of [0, 1]) {
          const copySeed = deriveSeed(seed, `stability/copy${copy}`);
          const extra = { progress, label: `${kind} · k=${k} · copy ${copy}`, options };
          copies.push(await trainOrStop(start, data, lottery, mask, copySeed, lottery.numSteps - k, extra));
        }
        const curve = interpolationCurve(
          copies[0],
          copies[1],
          (p) => evaluate(lottery.arch, p, data.test, { loss: "softmaxCrossEntropy" }),
          config.numPoints,
        );
        const error = curve.acc.map((a) => 1 - a);
        points.push({
          kind,
          rewindStep: k,
          barrier: lossBarrier({ t: curve.t, loss: error }),
          lossBarrier: lossBarrier(curve),
          curve: { t: curve.t, error, loss: curve.loss },
        });
      } finally {
        copies.forEach(disposeParams);
        if (start !== init) disposeParams(start);
      }
    }
  } finally {
    snaps.dispose();
  }
  return points;
}

async function computeStability(
  { config, seed }: Seeded<StabilityConfig>,
  progress: ExperimentProgress,
  options: ExperimentOptions,
): Promise<StabilityResult> {
  const run = await runUnit(LOTTERY, { config: config.lottery, seed }, progress, {
    ...options,
    recompute: false,
  });
  const data = lotteryData(config.lottery.data);
  const init = lotteryInit(config.lottery, seed);
  const ticket = decodeMask(run.masks[config.round]);
  const points: StabilityPoint[] = [];
  try {
    for (const kind of config.kinds) {
      const mask =
        kind === "ticket"
          ? ticket.clone()
          : kind === "randomPrune"
            ? randomMaskLike(ticket, deriveSeed(seed, `randomPrune/round${config.round}`))
            : Mask.ones(init, prunableParams(config.lottery.arch));
      try {
        points.push(...(await kindPoints(kind, init, mask, data, config, seed, progress, options)));
      } finally {
        mask.dispose();
      }
    }
    return { seed, density: keptCounts(ticket).density, points };
  } finally {
    ticket.dispose();
    disposeParams(init);
  }
}

/**
 * Linear mode connectivity vs rewind step (Frankle et al. 2020) as a unit `{ config, seed }`: for each kind
 * (the IMP ticket mask at `round`, a random mask with its per-layer counts, the dense net) and each k, trains
 * the masked network from θ_0 to step k, then two copies from θ_k to the end with different data orders, and
 * measures the test-error barrier along the segment between them. A barrier near 0 means "stable": the
 * outcome no longer depends on the data order. Reuses (or computes and caches) the IMP run of
 * `config.lottery`. (The ticket mask comes from IMP with `config.lottery.rewindStep`, not recomputed per k.)
 */
export const STABILITY: Experiment<Seeded<StabilityConfig>, StabilityResult> = {
  name: "lottery-stability",
  version: 2,
  check: ({ config }) => checkStability(config),
  steps: ({ config }) => plannedSteps(config.lottery) + config.kinds.length * kindSteps(config),
  compute: computeStability,
};

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
