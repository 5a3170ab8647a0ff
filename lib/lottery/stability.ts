import { cached } from "../experiment/cache";
import { interpolationCurve, lossBarrier } from "../gauge/interpolation";
import { snapshotsAt } from "../train/callbacks";
import { evaluate } from "../train/evaluate";
import { yieldToEventLoop } from "../train/interrupt";
import { Mask } from "../train/mask";
import { disposeParams, type Params } from "../core/params";
import { train } from "../train/train";
import { randomMaskLike } from "../prune/random";
import { prunableLayers } from "../prune/strategy";
import { deriveSeed } from "../core/rng";
import { plannedSteps, type LotteryConfig } from "./config";
import { lotteryData, type LotteryDataSets } from "./data";
import { decodeMask } from "./mask-codec";
import { ExperimentProgress } from "./progress";
import { keptCounts } from "./round-result";
import { lotteryInit, runLotteryTracked, type ExperimentOptions } from "./run";
import {
  checkStability,
  kindSteps,
  type StabilityConfig,
  type StabilityKind,
  type StabilityPoint,
  type StabilityResult,
} from "./stability-config";
import { LotteryInterrupted } from "./train-round";

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
  await yieldToEventLoop(); // never register train's SIGINT listener inside a cell's synchronous part (see runImp)
  const res = await train(
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
  if (res.interrupted) {
    disposeParams(res.params);
    throw new LotteryInterrupted(extra.label);
  }
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
          (p) => evaluate(p, data.test, { loss: "softmaxCrossEntropy" }),
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

/**
 * Linear mode connectivity vs rewind step (Frankle et al. 2020): for each kind (the IMP ticket mask at
 * `round`, a random mask with its per-layer counts, the dense net) and each k, trains the masked network from
 * θ_0 to step k, then two copies from θ_k to the end with different data orders, and measures the test-error
 * barrier along the segment between them. A barrier near 0 means "stable": the outcome no longer depends on
 * the data order. Cached by config hash; reuses (or computes and caches) the IMP run of `config.lottery`.
 * (The ticket mask comes from IMP with `config.lottery.rewindStep`, not recomputed per k.)
 *
 * @returns plain JSON; no tensors outlive the call.
 * @throws on a bad config before any training, and `LotteryInterrupted` when stopped (nothing is cached).
 */
export async function runStability(
  config: StabilityConfig,
  seed: number,
  options: ExperimentOptions = {},
): Promise<StabilityResult> {
  checkStability(config);
  // The IMP run's steps count either way: trained on a miss, skipped at once on a hit.
  const impSteps = plannedSteps(config.lottery);
  const progress = new ExperimentProgress(
    options.progress,
    impSteps + config.kinds.length * kindSteps(config),
  );
  let computed = false;
  const result = await cached(
    "lottery-stability",
    { config, seed },
    async () => {
      computed = true;
      const run = await runLotteryTracked(config.lottery, seed, progress, { ...options, recompute: false });
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
                : Mask.ones(init, prunableLayers(init));
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
    },
    { dir: options.cacheDir, recompute: options.recompute },
  );
  if (!computed) progress.skip(impSteps + config.kinds.length * kindSteps(config), "cached");
  progress.finish();
  return result;
}
