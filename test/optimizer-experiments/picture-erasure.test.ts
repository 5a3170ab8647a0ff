import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isCached, runExperiment } from "../../lib/experiment/experiment";
import { type ErasureConfig, DEFAULT_ERASURE } from "../../lib/optimizer-experiments/erasure-config";
import { PICTURE_ERASURE } from "../../lib/optimizer-experiments/picture-erasure";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const CONFIG: ErasureConfig = {
  ...DEFAULT_ERASURE,
  data: { kind: "spirals", n: 200, numClasses: 3, numTest: 50, seed: 1 },
  sizes: [2, 24, 24, 3],
  glyph: "A",
  arms: [
    { kind: "sgd", lrs: [0.1, 1e6] },
    { kind: "muon", lrs: [0.05] },
  ],
  numSteps: 12,
  batchSize: 20,
  checkpoints: [0, 4, 12],
  snapshotSide: 12,
};

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-erasure-"));

describe("PICTURE_ERASURE", () => {
  it("measures every run at its checkpoints from a start with contrast and SSIM exactly 1, and caches", async () => {
    const result = await assertNoLeaks(() => runExperiment(PICTURE_ERASURE, CONFIG, { cacheDir }));
    assert.equal(result.runs.length, 3);
    assert.equal(result.matrix, "dense1/kernel");
    assert.deepEqual(result.snapshotShape, [12, 12]);
    for (const run of [result.runs[0], result.runs[2]]) {
      assert.equal(run.diverged, null, `${run.kind} ${run.lr}`);
      assert.deepEqual(
        run.checkpoints.map((c) => c.step),
        [0, 4, 12],
      );
      assert.equal(run.checkpoints[0].contrast, 1);
      assert.equal(run.checkpoints[0].ssim, 1);
      assert.ok(run.checkpoints[2].relFrobenius > 0);
      assert.ok(Number.isFinite(run.checkpoints[2].stepStableRank));
      assert.equal(run.snapshots.length, 3);
      assert.ok(run.gauge && run.gauge.naive > 0);
    }
    assert.ok(isCached(PICTURE_ERASURE, CONFIG, cacheDir));
  });

  it("records a run whose lr blows it up as diverged instead of failing the sweep", async () => {
    const result = await runExperiment(PICTURE_ERASURE, CONFIG, { cacheDir });
    const blown = result.runs[1];
    assert.equal(blown.lr, 1e6);
    assert.match(blown.diverged ?? "", /training diverged/);
    assert.equal(blown.gauge, null);
  });

  it("refuses bad configs, naming the field", () => {
    const bad = (patch: Partial<ErasureConfig>) => () => PICTURE_ERASURE.check({ ...CONFIG, ...patch });
    assert.throws(bad({ checkpoints: [0, 5] }), /checkpoints must rise from 0 to numSteps \(12\)/);
    assert.throws(bad({ arms: [{ kind: "lion" as "sgd", lrs: [1] }] }), /arm kind must be one of sgd, adam/);
    assert.throws(bad({ arms: [{ kind: "sgd", lrs: [0] }] }), /sgd: every lr must be > 0; got 0/);
    assert.throws(bad({ sizes: [2, 3] }), /sizes must have a hidden matrix/);
    assert.throws(bad({ mode: "stamp" as "add" }), /mode must be one of multiply, add, picture/);
  });
});
