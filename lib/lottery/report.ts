import type { ResultRecord } from "../tables/results";
import type { LotteryRun } from "./run";
import type { LotterySeeds } from "./seeds";

/**
 * A results table, one row per IMP round: weights remaining, and per kind the mean ± std over seeds of the
 * test accuracy at the early-stopping iteration, and the mean early-stopping iteration. Control columns are
 * empty at rounds the controls were not trained.
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
    }
    return row;
  });
}

/**
 * Per-layer fraction of weights remaining at `round` (default: the last), one column per named run, e.g. to
 * compare layerwise and global pruning at the same overall density.
 *
 * @param runs `{name: run}`; every run must have reached `round`.
 * @returns plain records `{layer, <name>: density, ...}`, a `"total"` row last.
 */
export function layerDensityTable(
  runs: Readonly<Record<string, LotteryRun>>,
  round?: number,
): ResultRecord[] {
  const names = Object.keys(runs);
  if (names.length === 0) throw new Error("layerDensityTable: no runs");
  const pick = (run: LotteryRun) => {
    const r = run.rounds[round ?? run.rounds.length - 1];
    if (!r) throw new Error(`layerDensityTable: round ${round} is beyond the run's ${run.rounds.length - 1}`);
    return r;
  };
  const first = runs[names[0]];
  const sizes = Object.fromEntries(
    first.masks[0].names.map((n, e) => [n, first.masks[0].shapes[e].reduce((a, b) => a * b, 1)]),
  );
  const layers = Object.keys(sizes);
  const rows: ResultRecord[] = layers.map((layer) => {
    const row: Record<string, string | number> = { layer, weights: sizes[layer] };
    for (const name of names) row[name] = pick(runs[name]).kept[layer] / sizes[layer];
    return row;
  });
  const total: Record<string, string | number> = {
    layer: "total",
    weights: layers.reduce((n, l) => n + sizes[l], 0),
  };
  for (const name of names) total[name] = pick(runs[name]).density;
  return [...rows, total];
}
