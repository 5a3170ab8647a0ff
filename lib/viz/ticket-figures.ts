import { ranks } from "../core/stats";
import type { EarlyScoreRow, EarlyScoresConfig } from "../ticket-lottery/early-scores";
import type { SensitivityRow } from "../ticket-lottery/init-sensitivity";
import type { TicketRepeat } from "../ticket-lottery/protocol";
import { armSeries } from "../ticket-lottery/summary";
import type { Figure } from "./figure";
import { lineBands } from "./lines";
import { scatter } from "./scatter";

/**
 * Test accuracy (%) of every arm against the compute spent, in width-w training steps (width × steps / w),
 * mean ± std over the repeats. A B arm's vertical drop is its reduction; E's saw-tooth is IMP's rewinds.
 */
export function armComputeFigure(repeats: readonly TicketRepeat[], width: number): Figure {
  return lineBands(armSeries(repeats, width), {
    title: `Test accuracy against compute, mean ± std over ${repeats.length} repeats`,
    xTitle: `compute (width × steps, in width-${width} steps)`,
    yTitle: "test accuracy (%)",
  });
}

/**
 * Each early score's rank against the rank of the final test loss, over inits (1 = lowest). A score that
 * predicts the winner lies on the diagonal; a useless one scatters.
 */
export function earlyScoreRanks(
  rows: readonly EarlyScoreRow[],
  config: EarlyScoresConfig,
  scoreNames?: readonly string[],
): Figure {
  const finalRank = ranks(rows.map((r) => r.finalTestLoss));
  const ks = [...config.screenSteps].sort((a, b) => a - b);
  const all: [string, number[]][] = [
    ...ks.map((k, i): [string, number[]] => [`val loss after ${k} steps`, rows.map((r) => r.valLossAt[i])]),
    ["SNIP at init", rows.map((r) => r.snip)],
    ["SynFlow at init", rows.map((r) => r.synflow)],
    ["importance spread at init", rows.map((r) => r.spreadInit)],
  ];
  const shown = scoreNames ? all.filter(([n]) => scoreNames.includes(n)) : all;
  return scatter(
    shown.map(([name, s]) => ({ name, x: ranks(s), y: finalRank })),
    {
      title: `Early scores against the final test loss, ranks over ${rows.length} inits`,
      xTitle: "rank of the score (1 = lowest)",
      yTitle: "rank of the final test loss (1 = lowest)",
      diagonal: true,
    },
  );
}

/** Final test accuracy (%) of every model per init seed (the same data order for all). */
export function sensitivityFigure(rows: readonly SensitivityRow[]): Figure {
  const models = rows.length > 0 ? Object.keys(rows[0].models) : [];
  return scatter(
    models.map((m) => ({
      name: `${m} (${rows[0].models[m].numParams} params)`,
      x: rows.map((r) => r.seed),
      y: rows.map((r) => 100 * r.models[m].testAcc),
    })),
    {
      title: "Final test accuracy per init seed, same batches",
      xTitle: "init seed",
      yTitle: "test accuracy (%)",
      markerSize: 9,
    },
  );
}
