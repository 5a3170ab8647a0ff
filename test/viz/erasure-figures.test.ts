import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runExperiment } from "../../lib/experiment/experiment";
import { type ErasureConfig, DEFAULT_ERASURE } from "../../lib/optimizer-experiments/erasure-config";
import { bestStableRuns, erasureTable } from "../../lib/optimizer-experiments/erasure-summary";
import { PICTURE_ERASURE } from "../../lib/optimizer-experiments/picture-erasure";
import { erasureCurves, erasureGrid } from "../../lib/viz/erasure-figures";
import { round4 } from "../../lib/viz/matrix";
import { useBackend } from "../helpers/tf";

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

describe("erasure figures", () => {
  it("grid: one tile per run and checkpoint on the fixed range; curves: one line per optimizer", async () => {
    const result = await runExperiment(PICTURE_ERASURE, CONFIG, { cacheDir });
    const best = bestStableRuns(result);
    assert.deepEqual(
      best.map((r) => r.kind),
      ["sgd", "dualized-gd"],
    );
    const grid = erasureGrid(result, best);
    const z = grid.data[0].z as (number | null)[][];
    assert.equal(z.length, 2 * 12 + 2);
    assert.equal(z[0].length, 3 * 12 + 2 * 2);
    assert.equal(grid.data[0].zmax, result.range);
    assert.equal(z[0][0], round4(best[0].snapshots[0][0]));
    assert.equal(z[12 + 2][12 + 2 + 1], round4(best[1].snapshots[1][1]));
    assert.equal(z[12][0], null, "gaps between tiles");
    const curves = erasureCurves(result, { y: "contrast", x: "specDW" });
    assert.deepEqual(
      curves.data.map((t) => t.name),
      ["sgd", "dualized-gd"],
    );
    assert.equal((curves.data[0].y as number[]).length, 2);
    assert.equal(erasureTable(result.runs).length, 4);
    assert.throws(() => erasureCurves(result, { y: "beauty" as "ssim" }), /y must be one of testAcc/);
  });
});
