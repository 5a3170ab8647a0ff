import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { runSeeds } from "../../lib/experiment/experiment";
import { BASIS_ARMS } from "../../lib/spline-experiments/arms";
import { BASIS_REGRESSION, type BasisRegressionConfig } from "../../lib/spline-experiments/basis-regression";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { tempDir } from "../helpers/temp-dir";

useBackend();

const TINY: BasisRegressionConfig = {
  data: { target: "sin2pi", n: 32, numTest: 64, noise: 0.05, seed: 0 },
  width: 8,
  arms: BASIS_ARMS,
  optimizer: { kind: "adam", lr: 0.02 },
  numSteps: 150,
  evalEvery: 50,
  plotPoints: 11,
};

describe("basis regression", () => {
  it("trains every arm, keeps frozen ordered knots in order, and records what each learned", async () => {
    const [r] = await assertNoLeaks(() =>
      runSeeds(BASIS_REGRESSION, TINY, [0], { cacheDir: tempDir(), handleSigint: false }),
    );
    assert.deepEqual(
      r.runs.map((run) => run.arm),
      BASIS_ARMS,
    );
    for (const run of r.runs) {
      assert.deepEqual(run.steps, [0, 50, 100, 150]);
      assert.ok(run.testMse[3] < run.testMse[0], `${run.arm} learns`);
      assert.equal(run.basis.length, 8);
      assert.equal(run.prediction.length, 11);
    }
    assert.equal(r.runs[0].knotTau, 1, "frozen hinges keep their order");
    const trained = r.runs[4].knotTau as number;
    assert.ok(trained <= 1 && trained > -1);
    // A partition of unity: the frozen cubic B-splines sum to 1 on the data's range.
    const bsplines = r.runs[1].basis;
    const inside = r.x
      .map((x, i) => [x, i] as const)
      .filter(([x]) => x > Math.min(...r.trainX) && x < Math.max(...r.trainX));
    for (const [, i] of inside) assert.ok(Math.abs(bsplines.reduce((s, row) => s + row[i], 0) - 1) < 1e-5);
  });

  it("refuses unknown arms and 2-D targets", () => {
    const check = (config: object) => () =>
      BASIS_REGRESSION.check({ config: { ...TINY, ...config } as BasisRegressionConfig, seed: 0 });
    assert.throws(
      check({ arms: ["kan"] }),
      /basis regression: unknown arm "kan"; the arms are hinges, bsplines, randomRelu, mlp, orderedInit/,
    );
    assert.throws(check({ data: { ...TINY.data, target: "kanExp" } }), /the target must be 1-D/);
    assert.throws(check({ width: 1 }), /width must be an integer > 1; got 1/);
  });
});
