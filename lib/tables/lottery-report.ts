import { type Architecture, paramShapes, prunableParams } from "../core/architecture";
import type { ResultRecord } from "./results";
import type { RoundResult } from "../lottery/round-result";
import type { LotterySeeds } from "../lottery/seeds";
import type { StabilityResult } from "../lottery/stability-config";
import { meanStd } from "../core/stats";

/**
 * A results table, one row per IMP round: weights remaining, and per kind the mean ± std over seeds of the
 * test accuracy at the early-stopping iteration, the mean early-stopping iteration, and how many seeds' minimum
 * came at the last evaluation ("censored", e.g. "2/3"; empty when none). Control columns are empty at rounds the
 * controls were not trained.
 *
 * @returns plain records for `showTable` (show `remaining` with `percent`).
 */
export function lotteryTable(result: LotterySeeds): ResultRecord[] {
  const ticket = result.kinds.find((k) => k.kind === "ticket");
  if (!ticket) throw new Error("lotteryTable: the result has no ticket runs");
  return ticket.rounds.map((round, i) => {
    const row: Record<string, number | string | null> = { round, remaining: ticket.density[i] };
    for (const k of result.kinds) {
      const j = k.rounds.indexOf(round);
      const acc = k.metrics.earlyStopTestAcc;
      const cell = (v: number | undefined) => (j < 0 || v === undefined ? null : v);
      row[`${k.kind} acc`] = cell(acc.mean[j]);
      row[`${k.kind} ± std`] = cell(acc.std[j]);
      row[`${k.kind} ES iter`] = cell(k.metrics.earlyStopStep.mean[j]);
      const censored = j < 0 ? 0 : k.censored.filter((seed) => seed[j]).length;
      row[`${k.kind} censored`] = censored > 0 ? `${censored}/${k.censored.length}` : j < 0 ? null : "";
    }
    return row;
  });
}

/**
 * Per-layer fraction of weights remaining, one column per named result, e.g. to compare layerwise and global
 * pruning, or a ticket and a mask pruned at init, at the same overall density.
 *
 * @param results `{name: result}`, e.g. `{ layerwise: main.runs[0].rounds[15], global: global.runs[0].rounds[15] }`.
 * @param arch the architecture the results come from; one row per prunable param.
 * @returns plain records `{layer, weights, <name>: density, ...}`, a `"total"` row last.
 * @throws when there are no results, or a result has no count for a kernel (another architecture).
 */
export function layerDensityTable(
  results: Readonly<Record<string, RoundResult>>,
  arch: Architecture,
): ResultRecord[] {
  const names = Object.keys(results);
  if (names.length === 0) throw new Error("layerDensityTable: no results");
  const shapes = paramShapes(arch);
  const layers = prunableParams(arch).map((layer) => ({
    layer,
    weights: shapes[layer].reduce((a, b) => a * b, 1),
  }));
  const kept = (name: string, layer: string): number => {
    const count = results[name].kept[layer];
    if (count === undefined) {
      throw new Error(
        `layerDensityTable: ${name} has no count for ${layer}; it has ${Object.keys(results[name].kept).join(", ")}`,
      );
    }
    return count;
  };
  const total: Record<string, string | number> = {
    layer: "total",
    weights: layers.reduce((n, l) => n + l.weights, 0),
  };
  const rows: ResultRecord[] = layers.map(({ layer, weights }) => {
    const row: Record<string, string | number> = { layer, weights };
    for (const name of names) row[name] = kept(name, layer) / weights;
    return row;
  });
  for (const name of names) {
    total[name] = layers.reduce((n, l) => n + kept(name, l.layer), 0) / (total.weights as number);
  }
  return [...rows, total];
}

/**
 * The instability results over seeds, one row per kind and rewind step k: the density, and the mean ± std over
 * seeds of the test-error barrier (percentage points) and of the test-loss barrier.
 *
 * @param results one `runStability` result per seed, with the same kinds and rewind steps.
 * @returns plain records for `showTable`.
 * @throws when there are no results.
 */
export function stabilityTable(results: readonly StabilityResult[]): ResultRecord[] {
  if (results.length === 0) throw new Error("stabilityTable: no results (give one per seed)");
  const points = results[0].points;
  const error = meanStd(results.map((r) => r.points.map((p) => 100 * p.barrier)));
  const loss = meanStd(results.map((r) => r.points.map((p) => p.lossBarrier)));
  return points.map((p, i) => ({
    kind: p.kind,
    k: p.rewindStep,
    remaining: p.density,
    seeds: results.length,
    "error barrier (points)": error.mean[i],
    "± std": error.std[i],
    "loss barrier": loss.mean[i],
    "loss ± std": loss.std[i],
  }));
}
