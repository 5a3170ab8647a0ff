import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/core/rng";
import { disposeParams } from "../../lib/core/params";
import { hingeDictionary, hingeLasso } from "../../lib/solvers/hinge-lasso";
import { netPredict, paramsPredict, twoLayerParams, weightDecayObjective } from "../../lib/solvers/two-layer";
import { assertNoLeaks, useBackend } from "../helpers/tf";

function data(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  const y = x.map((v) => Math.sin(3 * v) + 0.1 * rng.normal());
  return { x, y };
}

describe("hingeDictionary", () => {
  it("has the hinges relu(±(x − t)) at each distinct data value, minus the two that vanish on the data", () => {
    const dict = hingeDictionary([0.5, -1, 2, 0.5]);
    assert.deepEqual(Array.from(dict.knots), [-1, 0.5, 0.5, 2]);
    assert.deepEqual(Array.from(dict.signs), [1, 1, -1, -1]);
    assert.deepEqual(Array.from(dict.A.subarray(0, 4)), [1.5, 0, 0, 1.5]);
  });
});

describe("hingeLasso", () => {
  useBackend();

  it("its network's weight-decayed objective equals the Lasso optimum (the recovery equality)", () => {
    const { x, y } = data(25, 1);
    for (const lambda of [3e-3, 1e-2, 1e-1]) {
      const fit = hingeLasso(x, y, lambda, { tolerance: 1e-8 });
      assert.ok(fit.converged);
      const nonConvex = weightDecayObjective(fit.net, x, y, lambda);
      assert.ok(Math.abs(nonConvex - fit.objective) < 1e-9, `${nonConvex} vs ${fit.objective}`);
      assert.ok(fit.net.alpha.length < x.length, "a spline with fewer knots than points");
    }
  });

  it("no two-layer net, of any width and knots, beats its certified lower bound (the gap is ≥ 0)", () => {
    const { x, y } = data(20, 2);
    const lambda = 0.02;
    const fit = hingeLasso(x, y, lambda, { tolerance: 1e-8 });
    const rng = new Rng(3);
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + rng.int(12);
      const rand = (s: number) => Float64Array.from({ length: width }, () => rng.normal(0, s));
      const net = { inDim: 1, u: rand(2), b: rand(1), alpha: rand(1), c: rng.normal() };
      assert.ok(weightDecayObjective(net, x, y, lambda) >= fit.lowerBound - 1e-12);
    }
    // Nets fitted near the optimum from the solution, knots moved between data points, are still above it.
    const moved = { ...fit.net, b: fit.net.b.map((v) => v + 1e-3) };
    assert.ok(weightDecayObjective(moved, x, y, lambda) >= fit.lowerBound);
  });

  it("its network is ordinary kit params: forward equals the host net", async () => {
    const { x, y } = data(15, 4);
    const fit = hingeLasso(x, y, 0.01);
    await assertNoLeaks(() => {
      const { arch, params } = twoLayerParams(fit.net);
      const X = tf.tensor2d(Float32Array.from(x), [x.length, 1]);
      const viaTf = paramsPredict(arch, params, X);
      const host = netPredict(fit.net, x);
      for (let i = 0; i < x.length; i++) assert.ok(Math.abs(viaTf[i] - host[i]) < 1e-4);
      X.dispose();
      disposeParams(params);
    });
  });

  it("rejects mismatched x and y", () => {
    assert.throws(() => hingeLasso([1, 2, 3], [1, 2], 0.1), /x and y must have the same length; got 3 and 2/);
    assert.throws(() => hingeLasso([1, 2], [1, 2], 0), /lambda must be a finite number > 0/);
  });
});
