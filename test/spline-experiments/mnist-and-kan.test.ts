import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { runExperiment, runSeeds } from "../../lib/experiment/experiment";
import { basisThroughput } from "../../lib/spline-experiments/basis-throughput";
import { KAN_TOY, type KanToyConfig } from "../../lib/spline-experiments/kan-toy";
import { DEFAULT_MNIST_BASES, type MnistBasesConfig } from "../../lib/spline-experiments/mnist-arms";
import { MNIST_BASES } from "../../lib/spline-experiments/mnist-bases";
import { SEED_SIMILARITY } from "../../lib/spline-experiments/seed-similarity";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { tempDir } from "../helpers/temp-dir";

useBackend();

const TINY_MNIST: MnistBasesConfig = {
  ...DEFAULT_MNIST_BASES,
  numComponents: 4,
  unitsPerInput: 4,
  arms: ["hinges", "bsplines", "randomRelu", "mlp"],
  epochs: 3,
  batchSize: 100,
};

describe("MNIST with frozen bases", () => {
  it("trains the readouts on PCA bases and random features, and the MLP in full", async () => {
    const [r] = await assertNoLeaks(() =>
      runSeeds(MNIST_BASES, TINY_MNIST, [0], { cacheDir: tempDir(), handleSigint: false }),
    );
    assert.ok(r.explained > 0 && r.explained < 1);
    assert.deepEqual(
      r.runs.map((run) => run.numTrainable),
      [16 * 10 + 10, 16 * 10 + 10, 16 * 10 + 10, 784 * 16 + 16 + 170],
    );
    for (const run of r.runs) assert.ok(run.testAcc.at(-1)! > 0.3, `${run.arm} learns: ${run.testAcc}`);
  });

  it("two seeds share their frozen ordered layers exactly; a trained MLP's units need matching", async () => {
    const config = { ...TINY_MNIST, arms: ["hinges", "mlp"] as const };
    const { rows } = await assertNoLeaks(() =>
      runExperiment(SEED_SIMILARITY, { config, seeds: [0, 1] }, { cacheDir: tempDir(), handleSigint: false }),
    );
    const [hinges, mlp] = rows;
    assert.deepEqual(
      hinges.unitsRaw.map((c) => Math.round(c * 1e6) / 1e6),
      [1, 1],
    );
    assert.deepEqual(hinges.unitsMatched, hinges.unitsRaw);
    assert.equal(hinges.readoutMatched, hinges.readoutRaw);
    assert.ok(mlp.unitsMatched[0] > mlp.unitsRaw[0], `${mlp.unitsMatched} vs ${mlp.unitsRaw}`);
    assert.throws(
      () => SEED_SIMILARITY.check({ config, seeds: [1, 1] }),
      /seeds must be two different integers; got \[1,1\]/,
    );
  });
});

describe("the KAN toy and the throughput measure", () => {
  it("extends the KAN's grids and reports both models at every size", async () => {
    const config: KanToyConfig = {
      data: { target: "kanExp", n: 100, numTest: 50, seed: 0 },
      grids: [3, 6],
      lrs: [0.03],
      stepsPerStage: 60,
    };
    const [r] = await assertNoLeaks(() =>
      runSeeds(KAN_TOY, config, [0], { cacheDir: tempDir(), handleSigint: false }),
    );
    assert.deepEqual(
      r.rows.map((row) => row.grid),
      [3, 6],
    );
    assert.deepEqual(
      r.rows.map((row) => row.kanParams),
      [3 * 3 + 11, 3 * 6 + 11],
    );
    for (const row of r.rows) assert.ok(Math.abs(row.mlpParams - row.kanParams) <= 2);
    assert.ok(r.rows[1].kan.trainRmse < r.rows[0].kan.trainRmse, "the extended grid fits better");
    assert.throws(
      () => KAN_TOY.check({ config: { ...config, lrs: [] }, seed: 0 }),
      /lrs must be finite numbers > 0/,
    );
  });

  it("measures both layers with and without features computed once", async () => {
    const rows = await assertNoLeaks(() => basisThroughput({ numSteps: 20 }));
    assert.deepEqual(
      rows.map((r) => [r.layer, r.featuresOnce]),
      [
        ["hinge", false],
        ["bspline", false],
        ["hinge", true],
        ["bspline", true],
      ],
    );
    for (const row of rows) assert.ok(row.stepsPerSecond > 0);
  });
});
