import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { disposeParams } from "../../lib/core/params";
import { sampleTarget } from "../../lib/data/target-functions";
import { runSeeds } from "../../lib/experiment/experiment";
import { netFromParams, twoLayerParams, weightDecayObjective } from "../../lib/solvers/two-layer";
import {
  CONVEX_BRIDGE,
  type ConvexBridgeConfig,
  hingeOptimum,
  hingeOptimumNet,
  hingeOptimumParams,
} from "../../lib/spline-experiments/convex-bridge";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { tempDir } from "../helpers/temp-dir";

useBackend();

const TINY: ConvexBridgeConfig = {
  data: { target: "sin2pi", n: 12, numTest: 16, noise: 0.1, seed: 3 },
  lambda: 2e-3,
  widths: [1, 3, 24],
  optimizer: { kind: "adam", lr: 0.02 },
  numSteps: 400,
  tolerance: 1e-6,
  plotPoints: 9,
};

describe("the convex bridge", () => {
  it("the optimum's recovered net has the optimum's objective, and so do its hinges with an ℓ1 readout", () => {
    const { train } = sampleTarget(TINY.data);
    const optimum = hingeOptimum(train, TINY.lambda);
    assert.ok(
      optimum.lowerBound <= optimum.objective &&
        optimum.objective - optimum.lowerBound <= 1e-6 * optimum.objective,
    );
    const { arch, params } = twoLayerParams(hingeOptimumNet(optimum));
    const recovered = weightDecayObjective(netFromParams(arch, params), train.X, train.y, TINY.lambda);
    assert.ok(
      Math.abs(recovered - optimum.objective) < 1e-5 * optimum.objective,
      `${recovered} vs ${optimum.objective}`,
    );
    disposeParams(params);
    const hinges = hingeOptimumParams(optimum);
    assert.equal(hinges["hinge0/kernel"].shape[1], 2 * train.numExamples);
    disposeParams(hinges);
  });

  it("no trained net of any width beats the certified optimum: every gap is ≥ 0", async () => {
    const cacheDir = tempDir();
    const results = await assertNoLeaks(() =>
      runSeeds(CONVEX_BRIDGE, TINY, [0, 1], { cacheDir, handleSigint: false }),
    );
    for (const r of results) {
      assert.equal(r.gaps.length, TINY.widths.length);
      for (const gap of r.gaps) assert.ok(gap >= -1e-7, `gap ${gap}`);
      assert.ok(r.gaps[2] < r.gaps[0], "a wide net gets closer to the optimum than a single neuron");
    }
  });

  it("refuses λ ≤ 0, a 2-D target and bad widths", () => {
    const bad = (config: object) => () =>
      CONVEX_BRIDGE.check({ config: { ...TINY, ...config } as ConvexBridgeConfig, seed: 0 });
    assert.throws(bad({ lambda: 0 }), /convex bridge: lambda must be > 0; got 0/);
    assert.throws(bad({ data: { ...TINY.data, target: "kanExp" } }), /the target must be 1-D/);
    assert.throws(bad({ widths: [0] }), /widths must be positive integers; got \[0\]/);
  });
});
