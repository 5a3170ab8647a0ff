import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { plannedSteps } from "../../lib/lottery/config";
import { stabilityFigure } from "../../lib/viz/lottery-figures";
import type { ProgressInfo } from "../../lib/train/progress";
import { isCached } from "../../lib/experiment/experiment";
import { LOTTERY } from "../../lib/lottery/run";
import { lotteryInit } from "../../lib/lottery/run";
import { runImp } from "../../lib/lottery/imp";
import { rewindPoints, runStability, runStabilitySeeds } from "../../lib/lottery/stability";
import {
  DEFAULT_STABILITY,
  checkStability,
  impAtRewind,
  quickStability,
  stabilitySteps,
  type StabilityConfig,
} from "../../lib/lottery/stability-config";
import { cloneParams, disposeParams, type Params } from "../../lib/core/params";
import { deriveSeed } from "../../lib/core/rng";
import { decodeMask } from "../../lib/lottery/mask-codec";
import { runLottery } from "../../lib/lottery/run";
import { stabilityTable } from "../../lib/tables/lottery-report";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { TINY, TINY_DATA, maskCopy, paramsCopy, tempDir } from "./helpers";

useBackend();

const CONFIG: StabilityConfig = {
  lottery: { ...TINY, numRounds: 2, controls: [] },
  round: 2,
  rewindSteps: [0, 10],
  kinds: ["ticket", "randomPrune", "dense"],
  numPoints: 5,
};

describe("runStability", () => {
  it("measures an error barrier per kind and rewind step, reusing and caching an IMP run per k", async () => {
    const cacheDir = tempDir();
    const result = await assertNoLeaks(() => runStability(CONFIG, 0, { cacheDir }));
    for (const k of [0, 10]) {
      assert.ok(
        isCached(LOTTERY, { config: impAtRewind(CONFIG.lottery, k), seed: 0 }, cacheDir),
        `the IMP run rewinding to ${k} was cached on the way`,
      );
    }
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
    // Both IMP runs (cached: the bar skips them), the dense network to k = 10, two copies of 40 − k per k.
    const imp10 = plannedSteps({ ...CONFIG.lottery, rewindStep: 10 });
    assert.equal(total, plannedSteps(CONFIG.lottery) + imp10 + 10 + 2 * (40 + 30));
    assert.equal(stabilitySteps(CONFIG), plannedSteps(CONFIG.lottery) + imp10 + 10 + 3 * 2 * (40 + 30));
    assert.deepEqual(
      result.points.map((p) => `${p.kind}@${p.rewindStep}`),
      ["ticket@0", "ticket@10", "randomPrune@0", "randomPrune@10", "dense@0", "dense@10"],
    );
    assert.ok(result.density > 0.5 && result.density < 0.7);
    for (const p of result.points) assert.equal(p.density, p.kind === "dense" ? 1 : result.density);
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
    assert.equal(fs.readdirSync(cacheDir).length, 4, "two IMP runs and two stability configs");
    const fig = stabilityFigure(result);
    assert.equal(fig.data.length, 3);
  });

  it("branches from θ_k, the point IMP rewinding to k resets to, with the mask of that IMP run", async () => {
    const lottery = impAtRewind(CONFIG.lottery, 10);
    const init = lotteryInit(lottery, 3);
    let rewound: Params | undefined;
    await runImp(init, TINY_DATA, lottery, {
      seed: deriveSeed(3, "data"),
      handleSigint: false,
      callbacks: { onRoundStart: ({ round, start }) => void (round === 1 && (rewound = cloneParams(start))) },
    });
    const progress = {
      stage: () => ({ update: () => undefined, done: () => undefined }),
      update: () => undefined,
    };
    const snaps = await rewindPoints(lottery, init, TINY_DATA, 3, [0, 10], progress as never, {
      handleSigint: false,
    });
    const thetaK = snaps.take(10);
    assert.deepEqual(paramsCopy(thetaK), paramsCopy(rewound as Params), "θ_k bit for bit");
    [thetaK, rewound as Params, init].forEach(disposeParams);
    snaps.dispose();
    // The mask differs with k: the ticket at k = 10 is not the k = 0 ticket.
    const cacheDir = tempDir();
    const [at0, at10] = await Promise.all(
      [0, 10].map((k) => runLottery(impAtRewind(CONFIG.lottery, k), 3, { cacheDir, handleSigint: false })),
    );
    const [m0, m10] = [decodeMask(at0.masks[2]), decodeMask(at10.masks[2])];
    assert.notDeepEqual(maskCopy(m0), maskCopy(m10));
    m0.dispose();
    m10.dispose();
  });

  it("runs seeds in workers with the results of the same seeds in process", async () => {
    const cacheDir = tempDir();
    const small: StabilityConfig = { ...CONFIG, kinds: ["ticket", "randomPrune"], numPoints: 3 };
    const inProcess = await runStabilitySeeds(small, [0, 1], { cacheDir, workers: 0 });
    const pooled = await runStabilitySeeds(small, [0, 1], { cacheDir: tempDir(), workers: 2 });
    assert.deepEqual(pooled, inProcess);
    const fig = stabilityFigure(inProcess);
    assert.match(String((fig.layout.title as { text: string }).text), /2 seeds/);
    assert.deepEqual((fig.layout.xaxis as { ticktext: string[] }).ticktext, ["k = 0", "k = 10"]);
    assert.throws(() => stabilityFigure([]), /no results/);
    const table = stabilityTable(inProcess);
    assert.equal(table.length, 4);
    const [b0, b1] = inProcess.map((r) => 100 * r.points[1].barrier);
    assert.ok(Math.abs((table[1]["error barrier (points)"] as number) - (b0 + b1) / 2) < 1e-9);
    assert.ok(Math.abs((table[1]["± std"] as number) - Math.abs(b0 - b1) / Math.SQRT2) < 1e-9);
    assert.deepEqual([table[1].kind, table[1].k, table[1].seeds], ["ticket", 10, 2]);
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
    assert.deepEqual(quick.rewindSteps, [0, 3]);
    // Quick mode's k = 0 IMP is notebook 01's quick main run.
    assert.equal(quick.lottery.rewindStep, 0);
    assert.deepEqual(impAtRewind(quick.lottery, 0), quick.lottery);
  });
});
