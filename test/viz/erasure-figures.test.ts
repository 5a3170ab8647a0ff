import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ErasureConfig, DEFAULT_ERASURE } from "../../lib/optimizer-experiments/erasure-config";
import { runErasureSeeds } from "../../lib/optimizer-experiments/erasure-seeds";
import { bestStableLrs, erasureTable, runsAt } from "../../lib/optimizer-experiments/erasure-summary";
import { erasureCurves, erasureGrid } from "../../lib/viz/erasure-figures";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const CONFIG: ErasureConfig = {
  ...DEFAULT_ERASURE,
  data: { kind: "spirals", n: 200, numClasses: 3, numTest: 50, seed: 1 },
  sizes: [2, 24, 24, 3],
  arms: [
    { kind: "sgd", lrs: [0.05, 0.2] },
    { kind: "dualized-gd", lrs: [0.01, 0.05] },
  ],
  numSteps: 10,
  batchSize: 20,
  checkpoints: [0, 5, 10],
  snapshotSide: 12,
};
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-erasure-viz-"));

describe("erasure seeds, summary and figures", () => {
  it("runs one sweep per seed; grid: a tile per run and checkpoint; curves and table: mean ± std over seeds", async () => {
    const results = await assertNoLeaks(() => runErasureSeeds(CONFIG, [0, 1], { cacheDir }));
    assert.equal(results.length, 2);
    assert.notDeepEqual(results[0].start, results[1].start, "the seed changes the init");
    const lrs = bestStableLrs(results);
    assert.deepEqual(Object.keys(lrs), ["sgd", "dualized-gd"]);
    const best = runsAt(results[0], lrs);
    const grid = erasureGrid(results[0], best);
    const z = grid.data[0].z as (number | null)[][];
    assert.equal(z.length, 2 * 12 + 2);
    assert.equal(z[0].length, 3 * 12 + 2 * 2);
    assert.equal(grid.data[0].zmax, 100, "cells hold hundredths of the range");
    const q = results[0].range / 100; // a cell holds the weight in hundredths of the range
    const near = (a: number | null, b: number) => assert.ok(Math.abs((a ?? NaN) * q - b) <= q / 2 + 1e-12);
    near(z[0][0], best[0].snapshots[0][0]);
    near(z[12 + 2][12 + 2 + 1], best[1].snapshots[1][1]);
    const half = erasureGrid(results[0], best, { stride: 2 }).data[0].z as (number | null)[][];
    assert.equal(half.length, 2 * 6 + 2);
    near(half[0][1], best[0].snapshots[0][2]);
    assert.throws(() => erasureGrid(results[0], best, { stride: 0 }), /stride must be a positive integer/);
    const two = erasureGrid(results[0], best, { steps: [0, 10] }).data[0].z as (number | null)[][];
    assert.equal(two[0].length, 2 * 12 + 2);
    near(two[0][12 + 2], best[0].snapshots[2][0]);
    assert.throws(
      () => erasureGrid(results[0], best, { steps: [3] }),
      /step 3 is not a checkpoint \(0, 5, 10\)/,
    );
    assert.equal(z[12][0], null, "gaps between tiles");
    const curves = erasureCurves(results, { y: "contrast", x: "specDW" });
    const means = curves.data.filter((t) => t.fill === undefined);
    assert.deepEqual(
      means.map((t) => t.name),
      ["sgd (2 seeds)", "dualized-gd (2 seeds)"],
    );
    const table = erasureTable(results, lrs);
    const contrasts = results.map((res) => runsAt(res, lrs)[0].checkpoints[2].contrast);
    assert.ok(Math.abs(Number(table[0].contrast) - (contrasts[0] + contrasts[1]) / 2) < 1e-12);
    assert.ok(
      Math.abs(Number(table[0]["contrast±"]) - Math.abs(contrasts[0] - contrasts[1]) / Math.SQRT2) < 1e-12,
    );
    assert.throws(() => erasureCurves(results, { y: "beauty" as "ssim" }), /y must be one of testAcc/);
    await assert.rejects(
      runErasureSeeds(CONFIG, [], { cacheDir }),
      /seeds must be a non-empty array of integers/,
    );
  });
});
