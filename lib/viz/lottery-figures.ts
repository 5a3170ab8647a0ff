import type { Figure, Titles } from "./figure";
import { lineBands, type SeedSeries } from "./lines";
import type { RunKind } from "../lottery/config";
import { maskValues } from "../lottery/mask-codec";
import type { LotteryRun } from "../lottery/run";
import type { KindSummary, LotteryMetric } from "../lottery/seeds";
import type { StabilityResult } from "../lottery/stability-config";

/** Legend names of the run kinds. */
export const KIND_NAMES: Readonly<Record<RunKind, string>> = {
  ticket: "winning ticket",
  reinit: "random reinit",
  randomPrune: "random pruning",
  snip: "SNIP at init",
  synflow: "SynFlow at init",
};

/**
 * Curves of `metric` against the percentage of weights remaining, one per kind, each `[numSeeds, numRounds]`
 * for `lineBands` / {@link densityFigure}; `result` is a `runLotterySeeds` or `runPruneAtInit` result. For the
 * early-stopping metrics, points where some seed's minimum came at the last evaluation are marked censored.
 * Accuracies are in percent, as the prose gives them.
 *
 * @param options `kinds` to include (default all), `name` to prefix the legend (e.g. `"global"`).
 */
export function lotterySeries(
  result: { readonly kinds: readonly KindSummary[] },
  metric: LotteryMetric,
  options: { readonly kinds?: readonly RunKind[]; readonly name?: string } = {},
): SeedSeries[] {
  const kinds = result.kinds.filter((k) => !options.kinds || options.kinds.includes(k.kind));
  return kinds.map((k) => ({
    name: options.name ? `${options.name}: ${KIND_NAMES[k.kind]}` : KIND_NAMES[k.kind],
    x: k.density.map((d) => 100 * d),
    ys: k.metrics[metric].values.map((row) => row.map((v) => (metric.endsWith("Acc") ? 100 * v : v))),
    ...(metric === "earlyStopTestAcc" || metric === "earlyStopStep"
      ? { censored: k.density.map((_, j) => k.censored.filter((row) => row[j]).length) }
      : {}),
  }));
}

/**
 * Mean ± std curves against the percentage of weights remaining, on a log x axis running from 100% down
 * (as Frankle & Carbin plot it).
 *
 * @returns a new figure.
 */
export function densityFigure(series: readonly SeedSeries[], titles: Titles = {}): Figure {
  const fig = lineBands(series, { xTitle: "% of weights remaining (log scale)", ...titles, logX: true });
  const xaxis = { ...(fig.layout.xaxis as object), autorange: "reversed" };
  return { ...fig, layout: { ...fig.layout, xaxis } };
}

/**
 * Error barrier (percentage points) against the rewind step k, one curve per kind, mean ± std over the seeds'
 * results (one result per seed, e.g. `runStabilitySeeds`); the x axis is symmetric-log-like (k + 1 on a log
 * scale) so that k = 0 and the small k show next to the large ones.
 *
 * @returns a new figure.
 * @throws when `results` is empty or the seeds disagree on the rewind steps.
 */
export function stabilityFigure(
  results: StabilityResult | readonly StabilityResult[],
  titles: Titles = {},
): Figure {
  const all: readonly StabilityResult[] = Array.isArray(results) ? results : [results as StabilityResult];
  if (all.length === 0) throw new Error("stabilityFigure: no results (give one per seed)");
  const kinds = [...new Set(all[0].points.map((p) => p.kind))];
  const names = { ticket: KIND_NAMES.ticket, randomPrune: KIND_NAMES.randomPrune, dense: "dense" };
  const series = kinds.map((kind) => {
    const ks = all[0].points.filter((p) => p.kind === kind).map((p) => p.rewindStep);
    const ys = all.map((r) => {
      const pts = r.points.filter((p) => p.kind === kind);
      if (pts.map((p) => p.rewindStep).join() !== ks.join()) {
        throw new Error(`stabilityFigure: seed ${r.seed} has other rewind steps than seed ${all[0].seed}`);
      }
      return pts.map((p) => 100 * p.barrier);
    });
    return { name: names[kind], x: ks.map((k) => k + 1), ys };
  });
  const fig = lineBands(series, {
    title: `Instability at ${(100 * all[0].density).toPrecision(2)}% of the weights (${all.length} seed${all.length > 1 ? "s" : ""})`,
    xTitle: "rewind step k + 1 (log scale)",
    yTitle: "test-error barrier (percentage points)",
    logX: true,
    ...titles,
  });
  const ks = series[0]?.x ?? [];
  const xaxis = { ...(fig.layout.xaxis as object), tickvals: ks, ticktext: ks.map((x) => `k = ${x - 1}`) };
  return { ...fig, layout: { ...fig.layout, xaxis } };
}

/** The first layer's mask of a run at `round`, `[inDim, outDim]` values 0/1, read from the packed masks. */
function firstLayer(run: LotteryRun, round: number): { values: Float32Array; inDim: number; outDim: number } {
  const encoded = run.masks[round];
  if (!encoded)
    throw new Error(`lottery: no mask for round ${round}; the run has rounds 0..${run.masks.length - 1}`);
  const e = encoded.names.indexOf("dense0/kernel");
  if (e < 0) throw new Error("lottery: the masks do not cover dense0/kernel");
  const [inDim, outDim] = encoded.shapes[e];
  return { values: maskValues(encoded)["dense0/kernel"], inDim, outDim };
}

/**
 * The first-layer mask of the first `numNeurons` hidden neurons at `round`, as `[inDim, numNeurons]` (0/1),
 * ready for `weightGrid` (each column becomes a 28×28 image on MNIST).
 */
export function firstLayerMasks(run: LotteryRun, round: number, numNeurons = 16): number[][] {
  const { values, inDim, outDim } = firstLayer(run, round);
  const n = Math.min(numNeurons, outDim);
  return Array.from({ length: inDim }, (_, i) => Array.from({ length: n }, (_, j) => values[i * outDim + j]));
}

/**
 * For each input pixel, the fraction of its first-layer connections that survive at `round`, as a
 * `[side, side]` image (inDim must be a square, e.g. 784 = 28²).
 */
export function pixelSurvival(run: LotteryRun, round: number): number[][] {
  const { values, inDim, outDim } = firstLayer(run, round);
  const side = Math.round(Math.sqrt(inDim));
  if (side * side !== inDim) throw new Error(`pixelSurvival: inDim ${inDim} is not a square image`);
  const kept = Array.from({ length: inDim }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < outDim; j++) sum += values[i * outDim + j];
    return sum / outDim;
  });
  return Array.from({ length: side }, (_, r) => kept.slice(r * side, (r + 1) * side));
}
