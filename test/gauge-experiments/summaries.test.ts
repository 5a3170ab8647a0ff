import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { ALIGN_METHODS, type MatchedInterpolation } from "../../lib/gauge-experiments/matched-interpolation";
import { TRANSFER_MASKS, type MaskTransferRow } from "../../lib/gauge-experiments/mask-transfer-experiment";
import { barrierSummary, maskTransferSummary } from "../../lib/gauge-experiments/summaries";
import { interpolationFigure, maskTransferFigure } from "../../lib/viz/gauge-figures";
import { assertClose } from "../helpers/tf";

/** A fake interpolation result whose barrier per method is `barrier[method index]` and curves are flat. */
function fakeRun(barriers: readonly number[], acc: number): MatchedInterpolation {
  const curve = { t: [0, 0.5, 1], loss: [0.1, 0.2, 0.1], acc: [acc, acc, acc] };
  const curves = Object.fromEntries(ALIGN_METHODS.map((m) => [m, { test: curve }]));
  const rows = ALIGN_METHODS.map((method, i) => ({
    method,
    "test barrier": barriers[i],
    "test min acc": acc,
  }));
  return { curves, perms: { weight: {}, activation: {} }, rows } as unknown as MatchedInterpolation;
}

function fakeTransfer(accs: readonly number[]): MaskTransferRow[] {
  return TRANSFER_MASKS.map((mask, i) => ({
    rate: 0.9,
    density: 0.1,
    mask,
    overlap: i === 0 ? 1 : 0.2,
    testAcc: accs[i],
  }));
}

describe("barrierSummary", () => {
  it("gives the mean and sample std over pairs of every column, per method", () => {
    const runs = [fakeRun([1, 0.1, 0.2], 0.9), fakeRun([3, 0.3, 0.2], 0.8)];
    const rows = barrierSummary(runs);
    assert.deepEqual(
      rows.map((r) => r.method),
      ALIGN_METHODS,
    );
    assert.equal(rows[0].pairs, 2);
    assert.equal(rows[0]["test barrier"], 2);
    assertClose([rows[0]["test barrier sd"] as number], [Math.SQRT2], 1e-12); // sd of {1, 3}
    assertClose([rows[1]["test barrier"] as number, rows[2]["test barrier sd"] as number], [0.2, 0], 1e-12);
    assertClose([rows[0]["test min acc"] as number], [0.85], 1e-12);
    assert.throws(() => barrierSummary([]), /give the results of at least one pair/);
  });
});

describe("maskTransferSummary", () => {
  it("pairs each mask with A's unpermuted mask of the same pair", () => {
    // Pair 2 is 10 points worse under every mask: the paired difference does not see that spread.
    const runs = [fakeTransfer([0.95, 0.92, 0.9, 0.89]), fakeTransfer([0.85, 0.82, 0.8, 0.79])];
    const rows = maskTransferSummary(runs);
    assert.deepEqual(
      rows.map((r) => r.mask),
      TRANSFER_MASKS,
    );
    const permuted = rows[1];
    assertClose(
      [permuted.testAcc, permuted["vs unpermuted"], permuted["vs unpermuted sd"]],
      [0.87, 0.02, 0],
      1e-12,
    );
    assertClose([permuted["testAcc sd"]], [(0.1 / Math.SQRT2) * 1], 1e-12);
    assert.equal(rows[2]["vs unpermuted"], 0);
    assert.equal(permuted.pairs, 2);
    assert.throws(() => maskTransferSummary([runs[0], runs[1].slice(0, 2)]), {
      message: `maskTransferSummary: pair 1 has no row for rate 0.9, "A's mask, unpermuted"`,
    });
  });
});

describe("gauge figures over pairs", () => {
  it("draws the mean over pairs with a band, counts pairs and shows accuracy in %", () => {
    const fig = interpolationFigure([fakeRun([1, 0, 0], 0.9), fakeRun([1, 0, 0], 0.8)], "test", "acc");
    assert.equal(fig.data.length, 6, "a band and a line per method");
    const line = fig.data[1] as Record<string, unknown>;
    assert.equal(line.name, "naive (2 pairs)");
    assertClose(line.y as number[], [85, 85, 85], 1e-9);
    assert.match(String((fig.layout.title as { text: string }).text), /mean ± std over 2 pairs/);
    const transfer = maskTransferFigure([
      fakeTransfer([0.9, 0.9, 0.9, 0.9]),
      fakeTransfer([0.8, 0.8, 0.8, 0.8]),
    ]);
    assert.equal(transfer.data[1].name, "B's own mask (2 pairs)");
    assertClose(transfer.data[1].y as number[], [85], 1e-9);
    const single = maskTransferFigure(fakeTransfer([0.9, 0.9, 0.9, 0.9]));
    assert.equal(single.data[0].name, "B's own mask");
    assert.throws(() => maskTransferFigure([]), { message: "maskTransferFigure: give at least one row" });
  });
});
