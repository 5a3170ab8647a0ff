import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { mlp } from "../../lib/core/architecture";
import { DEFAULT_TICKET, type TicketConfig } from "../../lib/ticket-lottery/config";
import { DEFAULT_EARLY_SCORES, runEarlyScores } from "../../lib/ticket-lottery/early-scores";
import { DEFAULT_INIT_SENSITIVITY, runInitSensitivity } from "../../lib/ticket-lottery/init-sensitivity";
import { runTicketLottery } from "../../lib/ticket-lottery/protocol";
import {
  armTable,
  earlyScoreTable,
  reductionTable,
  sensitivityTable,
} from "../../lib/ticket-lottery/summary";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { tempDir } from "../helpers/temp-dir";

useBackend();

const data = { kind: "spirals", n: 300, numClasses: 3, numTest: 60, numVal: 40, seed: 1 } as const;
const TINY: TicketConfig = {
  ...DEFAULT_TICKET,
  data,
  sizes: [2, 6, 3],
  optimizer: { kind: "adam", lr: 0.01 },
  batchSize: 20,
  numSteps: 40,
  evalEvery: 10,
  numInits: 2,
  screenSteps: 2,
  wideSteps: 4,
  repairExamples: 20,
  imp: { numRounds: 1, rewindStep: 2 },
};

describe("the ticket-lottery protocol", () => {
  it("runs every arm within the budget, reports reductions, leaks nothing and caches each repeat", async () => {
    const cacheDir = tempDir();
    const options = { cacheDir, handleSigint: false };
    const repeats = await assertNoLeaks(() => runTicketLottery(TINY, [0, 1], options));
    assert.equal(repeats.length, 2);
    for (const r of repeats) {
      assert.equal(r.budget, 6 * 40);
      assert.deepEqual(
        r.arms.map((a) => a.arm),
        ["A", "B-prune", "B-fold", "B-distill", "C", "D", "E"],
      );
      for (const arm of r.arms) {
        assert.ok(arm.spent <= r.budget && arm.finalAcc >= 0 && arm.finalAcc <= 1, arm.arm);
        const c = arm.curve.compute;
        assert.ok(
          c.every((x, i) => i === 0 || x >= c[i - 1]),
          `${arm.arm}: compute must not decrease`,
        );
        assert.ok(c[c.length - 1] <= r.budget + 1e-9, `${arm.arm}: the curve ends beyond the budget`);
      }
      assert.ok(r.arms[1].reduction && r.arms[2].reduction && !r.arms[3].reduction);
      assert.equal(r.screening.narrow.valLoss.length, 2);
    }
    const again = await runTicketLottery(TINY, [0, 1], options);
    assert.deepEqual(again, repeats);
    assert.equal(armTable(repeats).length, 7);
    assert.equal(reductionTable(repeats).length, 2);
  });

  it("scores inits early and trains models from the same batches, with tables", async () => {
    const cacheDir = tempDir();
    const early = {
      ...DEFAULT_EARLY_SCORES,
      data,
      sizes: [2, 8, 3] as const,
      numSteps: 12,
      screenSteps: [2, 5],
      snipExamples: 30,
    };
    const rows = await assertNoLeaks(() => runEarlyScores(early, 3, { cacheDir, handleSigint: false }));
    assert.equal(rows.length, 3);
    assert.ok(
      rows.every((r) => r.valLossAt.length === 2 && Number.isFinite(r.snip) && Number.isFinite(r.synflow)),
    );
    const table = earlyScoreTable(rows, early);
    assert.equal(table.length, 6);
    assert.ok(
      table.every(
        (t) => Math.abs(t["ρ with final test loss"]) <= 1 || Number.isNaN(t["ρ with final test loss"]),
      ),
    );
    await assert.rejects(runEarlyScores(early, 1), /numInits must be an integer ≥ 2/);
    await assert.rejects(
      runEarlyScores({ ...early, screenSteps: [20] }, 2),
      /screenSteps 20 is beyond the budget/,
    );
    const sens = {
      ...DEFAULT_INIT_SENSITIVITY,
      data: { kind: "spirals", n: 200, numClasses: 3, numTest: 40, seed: 1 } as const,
      models: {
        mlp: mlp([2, 8, 3]),
        attention: {
          inDim: 2,
          layers: [
            { kind: "attention", tokens: 2, dModel: 4 },
            { kind: "dense", units: 3 },
          ],
        },
      },
      numSteps: 6,
      evalEvery: 3,
    };
    const srows = await assertNoLeaks(() =>
      runInitSensitivity(sens, [0, 1], { cacheDir, handleSigint: false }),
    );
    const st = sensitivityTable(srows);
    assert.deepEqual(
      st.map((r) => r.model),
      ["mlp", "attention"],
    );
    assert.equal(st[0].params, 2 * 8 + 8 + 8 * 3 + 3);
    await assert.rejects(runInitSensitivity(sens, [0]), /seeds must hold at least 2 seeds/);
  });
});
