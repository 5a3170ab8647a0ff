import { meanStd } from "../core/stats";
import { ALIGN_METHODS, type MatchedInterpolation } from "./matched-interpolation";
import { TRANSFER_MASKS, type MaskTransferRow } from "./mask-transfer-experiment";

/** Mean and sample std (n − 1; 0 for one value) of a list of numbers. */
function stat(values: readonly number[]): { mean: number; sd: number } {
  const { mean, std } = meanStd(values.map((v) => [v]));
  return { mean: mean[0], sd: std[0] };
}

function checkRuns(runs: readonly unknown[], where: string): void {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new Error(`${where}: give the results of at least one pair (an array with one entry per pair)`);
  }
}

/** One alignment method's barrier statistics over pairs (a type alias, so tables accept it). */
export type BarrierSummaryRow = Readonly<Record<string, string | number>>;

/**
 * The loss barriers and worst accuracies of {@link matchedInterpolation} results over several pairs: per
 * alignment method, the mean and sample std over pairs of every column of the per-pair rows (columns `"<column>"`
 * for the mean and `"<column> sd"` for the std), and `pairs`, the number of pairs.
 *
 * @param runs one result per pair, all on the same datasets.
 * @returns one row per method in {@link ALIGN_METHODS} order; no tensors.
 * @throws when `runs` is empty or a run lacks a method's row.
 */
export function barrierSummary(runs: readonly MatchedInterpolation[]): BarrierSummaryRow[] {
  checkRuns(runs, "barrierSummary");
  return ALIGN_METHODS.map((method) => {
    const rows = runs.map((run, k) => {
      const row = run.rows.find((r) => r.method === method);
      if (!row) throw new Error(`barrierSummary: pair ${k} has no row for "${method}"`);
      return row;
    });
    const out: Record<string, string | number> = { method, pairs: runs.length };
    for (const column of Object.keys(rows[0]).filter((c) => c !== "method")) {
      const { mean, sd } = stat(rows.map((r) => Number(r[column])));
      out[column] = mean;
      out[`${column} sd`] = sd;
    }
    return out;
  });
}

/** One mask at one rate, over pairs. */
export type MaskTransferSummaryRow = {
  readonly rate: number;
  /** Mean over pairs of the fraction of kernel weights kept. */
  readonly density: number;
  readonly mask: (typeof TRANSFER_MASKS)[number];
  readonly pairs: number;
  /** Mean over pairs of the overlap with B's own mask. */
  readonly overlap: number;
  /** Mean and sample std over pairs of the test accuracy. */
  readonly testAcc: number;
  readonly "testAcc sd": number;
  /** Mean and sample std over pairs of (this mask's test accuracy − A's unpermuted mask's), pair by pair. */
  readonly "vs unpermuted": number;
  readonly "vs unpermuted sd": number;
};

/**
 * The {@link MASK_TRANSFER} rows of several pairs, summarised per rate and mask: means and sample stds over
 * pairs, and the paired difference to A's unpermuted mask (which removes the pair-to-pair spread that all masks
 * share).
 *
 * @param runs one row list per pair, each with every rate and mask.
 * @returns one row per rate and mask, rates in the first run's order, masks in {@link TRANSFER_MASKS} order.
 * @throws when `runs` is empty or a run lacks a rate and mask of the first run.
 */
export function maskTransferSummary(runs: readonly (readonly MaskTransferRow[])[]): MaskTransferSummaryRow[] {
  checkRuns(runs, "maskTransferSummary");
  const rates = [...new Set(runs[0].map((r) => r.rate))];
  const find = (run: readonly MaskTransferRow[], k: number, rate: number, mask: string): MaskTransferRow => {
    const row = run.find((r) => r.rate === rate && r.mask === mask);
    if (!row) throw new Error(`maskTransferSummary: pair ${k} has no row for rate ${rate}, "${mask}"`);
    return row;
  };
  return rates.flatMap((rate) =>
    TRANSFER_MASKS.map((mask) => {
      const rows = runs.map((run, k) => find(run, k, rate, mask));
      const base = runs.map((run, k) => find(run, k, rate, "A's mask, unpermuted"));
      const acc = stat(rows.map((r) => r.testAcc));
      const gain = stat(rows.map((r, k) => r.testAcc - base[k].testAcc));
      return {
        rate,
        density: stat(rows.map((r) => r.density)).mean,
        mask,
        pairs: runs.length,
        overlap: stat(rows.map((r) => r.overlap)).mean,
        testAcc: acc.mean,
        "testAcc sd": acc.sd,
        "vs unpermuted": gain.mean,
        "vs unpermuted sd": gain.sd,
      };
    }),
  );
}
