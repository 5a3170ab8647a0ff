import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { plannedSteps } from "../../lib/lottery/config";
import { stabilityFigure } from "../../lib/viz/lottery-figures";
import type { ProgressInfo } from "../../lib/train/progress";
import { isCached } from "../../lib/experiment/experiment";
import { LOTTERY } from "../../lib/lottery/run";
import { runStability } from "../../lib/lottery/stability";
import {
  DEFAULT_STABILITY,
  checkStability,
  quickStability,
  type StabilityConfig,
} from "../../lib/lottery/stability-config";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { TINY, tempDir } from "./helpers";

useBackend();

const CONFIG: StabilityConfig = {
  lottery: { ...TINY, numRounds: 2, controls: [] },
  round: 2,
  rewindSteps: [0, 10],
  kinds: ["ticket", "randomPrune", "dense"],
  numPoints: 5,
};

describe("runStability", () => {
  it("measures an error barrier per kind and rewind step, reusing and caching the IMP run", async () => {
    const cacheDir = tempDir();
    const result = await assertNoLeaks(() => runStability(CONFIG, 0, { cacheDir }));
    assert.ok(
      isCached(LOTTERY, { config: CONFIG.lottery, seed: 0 }, cacheDir),
      "the IMP run was cached on the way",
    );
    // With the IMP run cached, the one bar still runs from 0 to its total, never past it.
    const infos: ProgressInfo[] = [];
    const progress = {
      update: (i: ProgressInfo) => void infos.push(i),
      done: (i?: ProgressInfo) => void (i && infos.push(i)),
    };
    await runStability({ ...CONFIG, kinds: ["dense"] }, 0, { cacheDir, progress });
    const total = infos[0].total;
    assert.ok(infos.every((i) => i.total === total && i.step <= total));
    assert.equal(infos[infos.length - 1].step, total);
    assert.equal(total, plannedSteps(CONFIG.lottery) + 10 + 2 * (40 + 30));
    assert.deepEqual(
      result.points.map((p) => `${p.kind}@${p.rewindStep}`),
      ["ticket@0", "ticket@10", "randomPrune@0", "randomPrune@10", "dense@0", "dense@10"],
    );
    assert.ok(result.density > 0.5 && result.density < 0.7);
    for (const p of result.points) {
      assert.deepEqual(p.curve.t, [0, 0.25, 0.5, 0.75, 1]);
      const { error } = p.curve;
      const excess = Math.max(...p.curve.t.map((t, i) => error[i] - ((1 - t) * error[0] + t * error[4])));
      assert.ok(Math.abs(p.barrier - Math.max(0, excess)) < 1e-12);
      assert.ok(p.barrier >= 0 && p.barrier <= 1);
      const { loss } = p.curve;
      const lossExcess = Math.max(...p.curve.t.map((t, i) => loss[i] - ((1 - t) * loss[0] + t * loss[4])));
      assert.ok(Math.abs(p.lossBarrier - Math.max(0, lossExcess)) < 1e-12);
    }
    const again = await runStability(CONFIG, 0, { cacheDir });
    assert.deepEqual(again, result);
    assert.equal(fs.readdirSync(cacheDir).length, 3);
    const fig = stabilityFigure(result);
    assert.equal(fig.data.length, 3);
  });

  it("rejects rewind steps beyond the training length and rounds IMP did not reach", () => {
    assert.throws(
      () => checkStability({ ...CONFIG, rewindSteps: [0, 40] }),
      /stability: rewind step 40 is beyond the training length: it must be an integer in \[0, numSteps = 40\)/,
    );
    assert.throws(
      () => checkStability({ ...CONFIG, round: 3 }),
      /round must be an integer in \[0, numRounds = 2\]; got 3/,
    );
    assert.throws(() => checkStability({ ...CONFIG, numPoints: 1 }), /numPoints must be an integer ≥ 2/);
  });

  it("shrinks for quick mode consistently", () => {
    const quick = quickStability(DEFAULT_STABILITY);
    assert.doesNotThrow(() => checkStability(quick));
    assert.equal(quick.round, quick.lottery.numRounds);
    assert.deepEqual(quick.rewindSteps, [0, 10, 50]);
  });
});
