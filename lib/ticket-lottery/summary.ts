import { meanStd, spearman } from "../core/stats";
import { TICKET_ARM_LABELS, TICKET_ARMS, type TicketArm } from "./budget";
import type { EarlyScoresConfig, EarlyScoreRow } from "./early-scores";
import type { SensitivityRow } from "./init-sensitivity";
import type { TicketRepeat } from "./protocol";

/** `mean ± std` of values in [0, 1] as percent, e.g. `95.1 ± 0.3`. */
export function percent(values: readonly number[]): string {
  const { mean, std } = meanStd(values.map((v) => [v * 100]));
  return `${mean[0].toFixed(1)} ± ${std[0].toFixed(1)}`;
}

/** `mean ± std` with 3 decimals. */
function plain(values: readonly number[]): string {
  const { mean, std } = meanStd(values.map((v) => [v]));
  return `${mean[0].toFixed(3)} ± ${std[0].toFixed(3)}`;
}

/** One row of {@link armTable}. */
export type ArmRow = {
  arm: string;
  "test acc (%)": string;
  "test loss": string;
  "vs C (pts)": string;
  budget: string;
};

const armOf = (r: TicketRepeat, arm: TicketArm) =>
  r.arms.find((a) => a.arm === arm) as TicketRepeat["arms"][number];

/**
 * Final test accuracy and loss per arm, mean ± std over repeats, and each arm's paired difference from C
 * (the same repeat's single init at w), in accuracy points.
 */
export function armTable(repeats: readonly TicketRepeat[]): ArmRow[] {
  return TICKET_ARMS.map((arm) => {
    const own = repeats.map((r) => armOf(r, arm));
    const diffs = repeats.map((r) => armOf(r, arm).finalAcc - armOf(r, "C").finalAcc);
    const spent = own.map((a) => a.spent / r0(repeats).budget);
    return {
      arm: TICKET_ARM_LABELS[arm],
      "test acc (%)": percent(own.map((a) => a.finalAcc)),
      "test loss": plain(own.map((a) => a.finalLoss)),
      "vs C (pts)": arm === "C" ? "—" : percent(diffs),
      budget: `${(Math.min(...spent) * 100).toFixed(2)}%`,
    };
  });
}

function r0(repeats: readonly TicketRepeat[]): TicketRepeat {
  if (repeats.length === 0) throw new Error("ticket lottery: no repeats to summarise");
  return repeats[0];
}

/** One row of {@link reductionTable}. */
export type ReductionRow = {
  reduction: string;
  "2w before (%)": string;
  "w right after (%)": string;
  "w after training on (%)": string;
};

/** Test accuracy of the 2w net before the reduction, right after it, and after training on (mean ± std, %). */
export function reductionTable(repeats: readonly TicketRepeat[]): ReductionRow[] {
  return (["B-prune", "B-fold"] as const).map((arm) => {
    const rs = repeats.map((r) => armOf(r, arm));
    return {
      reduction: TICKET_ARM_LABELS[arm],
      "2w before (%)": percent(rs.map((a) => a.reduction?.beforeAcc ?? NaN)),
      "w right after (%)": percent(rs.map((a) => a.reduction?.afterAcc ?? NaN)),
      "w after training on (%)": percent(rs.map((a) => a.finalAcc)),
    };
  });
}

/** Each arm's test accuracy (%) against compute in width-w steps, one row per repeat, for `lineBands`. */
export function armSeries(
  repeats: readonly TicketRepeat[],
  width: number,
): { name: string; x: number[]; ys: number[][] }[] {
  return TICKET_ARMS.map((arm) => ({
    name: TICKET_ARM_LABELS[arm],
    x: armOf(r0(repeats), arm).curve.compute.map((c) => c / width),
    ys: repeats.map((r) => armOf(r, arm).curve.testAcc.map((a) => 100 * a)),
  }));
}

/** One row of {@link earlyScoreTable}. */
export type ScoreRow = {
  score: string;
  "ρ with final test loss": number;
  "ρ with final test acc": number;
  "picks the best (of N)": string;
};

/**
 * Each early score's Spearman correlation over inits with the final test loss and accuracy, and whether the
 * init it ranks first ends best. Loss-like scores (lower is better) should correlate positively with the
 * final loss; ρ near 0 means the score does not predict the winner.
 */
export function earlyScoreTable(rows: readonly EarlyScoreRow[], config: EarlyScoresConfig): ScoreRow[] {
  const loss = rows.map((r) => r.finalTestLoss);
  const acc = rows.map((r) => r.finalTestAcc);
  const best = loss.indexOf(Math.min(...loss));
  const ks = [...config.screenSteps].sort((a, b) => a - b);
  const scores: [string, number[]][] = [
    ...ks.map((k, i): [string, number[]] => [`val loss after ${k} steps`, rows.map((r) => r.valLossAt[i])]),
    ["log10 SNIP at init", rows.map((r) => r.snip)],
    ["log10 SynFlow at init", rows.map((r) => r.synflow)],
    ["importance spread at init", rows.map((r) => r.spreadInit)],
    [`importance spread after ${ks[ks.length - 1]} steps`, rows.map((r) => r.spreadAtK)],
  ];
  return scores.map(([score, s]) => {
    const top = s.indexOf(Math.min(...s));
    return {
      score,
      "ρ with final test loss": spearman(s, loss),
      "ρ with final test acc": spearman(s, acc),
      "picks the best (of N)": `${top === best ? "yes" : "no"} (its pick ranks ${rankOf(loss, top)} of ${rows.length})`,
    };
  });
}

function rankOf(values: readonly number[], i: number): number {
  return values.filter((v) => v < values[i]).length + 1;
}

/** One row of {@link sensitivityTable}. */
export type SensitivityTableRow = {
  model: string;
  params: number;
  "test acc (%)": string;
  "acc range (pts)": string;
  "test loss": string;
  "loss std / mean": string;
};

/** Per model: params, test accuracy and loss mean ± std over init seeds, the accuracy range and the loss's relative spread. */
export function sensitivityTable(rows: readonly SensitivityRow[]): SensitivityTableRow[] {
  if (rows.length === 0) throw new Error("init sensitivity: no rows to summarise");
  return Object.keys(rows[0].models).map((model) => {
    const acc = rows.map((r) => r.models[model].testAcc);
    const loss = rows.map((r) => r.models[model].testLoss);
    const { mean, std } = meanStd(loss.map((v) => [v]));
    return {
      model,
      params: rows[0].models[model].numParams,
      "test acc (%)": percent(acc),
      "acc range (pts)": ((Math.max(...acc) - Math.min(...acc)) * 100).toFixed(2),
      "test loss": plain(loss),
      "loss std / mean": (std[0] / mean[0]).toFixed(3),
    };
  });
}
