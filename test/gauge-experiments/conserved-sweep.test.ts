import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { mlp } from "../../lib/core/architecture";
import { isCached, runExperiment } from "../../lib/experiment/experiment";
import { CONSERVED_SWEEP, type ConservedSweepConfig } from "../../lib/gauge-experiments/conserved-sweep";
import { conservedSweepFigure, conservedTrajectoryFigure } from "../../lib/viz/conserved-figures";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { tempDir } from "./helpers";

useBackend();

const CONFIG: ConservedSweepConfig = {
  data: { kind: "spirals", n: 200, numClasses: 3, numTest: 50, seed: 1 },
  arch: mlp([2, 16, 16, 3]),
  init: "heNormal",
  seed: 0,
  batchSize: 20,
  time: 2,
  lrs: [0.01, 0.1, 0.5],
  numCheckpoints: 4,
};

const cacheDir = tempDir();

/** The sweep of `config`, cached in this file's folder. */
function sweepOf(config: ConservedSweepConfig) {
  return runExperiment(CONSERVED_SWEEP, config, { cacheDir });
}

describe("CONSERVED_SWEEP", () => {
  it("trains time / lr steps per lr; the drift grows with lr and is tiny next to the norms' motion", async () => {
    const sweep = await assertNoLeaks(() => sweepOf(CONFIG));
    assert.deepEqual(
      sweep.rows.map((r) => r.numSteps),
      [200, 20, 4],
    );
    const drift = sweep.rows.map((r) => r.meanAbsDrift);
    assert.ok(drift[0] < drift[1] && drift[1] < drift[2], `drift grows with lr: ${drift}`);
    assert.ok(sweep.rows[0].relativeDrift < 0.02, `small steps conserve q: ${sweep.rows[0].relativeDrift}`);
    assert.ok(sweep.rows[0].maxAbsDrift >= sweep.rows[0].meanAbsDrift);
    assert.equal(sweep.qStart.length, 32);
    assert.equal(sweep.qEnd.length, 3);
    assert.equal(sweep.qEnd[2].length, 32);
    assert.ok(isCached(CONSERVED_SWEEP, CONFIG, cacheDir));
    const recomputed = await runExperiment(CONSERVED_SWEEP, CONFIG, { cacheDir, recompute: true });
    assert.deepEqual(recomputed, sweep, "the same seed gives bit-identical results");
    const figure = conservedSweepFigure(sweep);
    assert.deepEqual(
      figure.data.map((trace) => trace.x),
      [CONFIG.lrs, CONFIG.lrs],
    );
  });

  it("tracks the drift during training at equally spaced gradient-flow times, ending at the final drift", async () => {
    const sweep = await sweepOf(CONFIG); // a cache hit
    const [first, , last] = sweep.trajectories;
    assert.deepEqual(first.time, [0.5, 1, 1.5, 2]);
    assert.deepEqual(
      last.time,
      [1, 2, 3, 4].map((step) => 0.5 * step),
    );
    sweep.trajectories.forEach((trajectory, i) => {
      assert.equal(trajectory.lr, sweep.rows[i].lr);
      assert.equal(trajectory.meanAbsDrift.length, 4);
      assert.equal(trajectory.meanAbsDrift[3], sweep.rows[i].meanAbsDrift, "the last checkpoint is the end");
    });
    assert.ok(
      first.meanAbsDrift[1] < last.meanAbsDrift[1],
      "halfway through the flow, smaller steps drifted less",
    );

    const figure = conservedTrajectoryFigure(sweep);
    assert.deepEqual(
      figure.data.map((trace) => [trace.name, trace.x]),
      sweep.trajectories.map((t) => [`lr = ${t.lr}`, t.time]),
    );
    assert.equal((figure.layout.yaxis as { type?: string }).type, "log");
  });

  it("rejects a non-positive lr, time or checkpoint count before any training", async () => {
    const files = fs.readdirSync(cacheDir).length;
    await assert.rejects(sweepOf({ ...CONFIG, lrs: [0.1, 0] }), {
      message: "conserved sweep: every lr must be > 0; got 0",
    });
    await assert.rejects(sweepOf({ ...CONFIG, time: -1 }), {
      message: "conserved sweep: time must be > 0; got -1",
    });
    await assert.rejects(sweepOf({ ...CONFIG, numCheckpoints: 0 }), {
      message: "conserved sweep: numCheckpoints must be a positive integer; got 0",
    });
    assert.equal(fs.readdirSync(cacheDir).length, files, "nothing was cached");
  });
});
