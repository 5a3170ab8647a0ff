import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HINGE_GD, QUICK_HINGE_GD } from "../../lib/analytic-experiments/hinge-gd";
import { balanceNet, padNet, zeroTinyNeurons } from "../../lib/analytic-experiments/net-tools";
import { MEMORY_WALL, largestExactN } from "../../lib/analytic-experiments/memory-wall";
import { SPIRAL_ADAM, SPIRAL_CONVEX } from "../../lib/analytic-experiments/spiral";
import { runExperiment, runSeeds } from "../../lib/experiment/experiment";
import { generalPositionCount, programBytes } from "../../lib/solvers/pattern-count";
import { netPredict } from "../../lib/solvers/two-layer";
import { assertNoLeaks, useBackend } from "../helpers/tf";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-analytic-"));

describe("analytic experiments", () => {
  useBackend();

  it("1-D: Adam's objective never goes below the certified optimum, at any width or step; no tensors leak", async () => {
    const config = { ...QUICK_HINGE_GD, n: 10, widths: [2, 12], numSteps: 150, numCheckpoints: 5 };
    const [result] = await assertNoLeaks(() => runSeeds(HINGE_GD, config, [3], { cacheDir }));
    const bound = result.optimum.lowerBound;
    assert.ok(result.optimum.objective - bound <= 1e-8 * result.optimum.objective);
    for (const run of result.runs) {
      assert.equal(run.steps.length, run.objective.length);
      for (const v of run.objective) assert.ok(v >= bound, `objective ${v} below the bound ${bound}`);
      assert.ok(run.functionDistance >= 0);
    }
    assert.ok(Number.isNaN(result.runs[0].rawDistance) || result.optimum.numKnots <= 2);
  });

  it("padding, balancing and zeroing dead neurons keep the function", () => {
    const net = {
      inDim: 1,
      u: Float64Array.of(2, -0.5, 1e-13),
      b: Float64Array.of(0.1, 0.3, 0),
      alpha: Float64Array.of(0.3, -4, 1e-13),
      c: 0.2,
    };
    const xs = Float64Array.from({ length: 21 }, (_, i) => -1 + i / 10);
    const f = netPredict(net, xs);
    for (const other of [padNet(net, 6), balanceNet(net), zeroTinyNeurons(net)]) {
      const g = netPredict(other, xs);
      f.forEach((v, i) => assert.ok(Math.abs(v - g[i]) < 1e-12));
    }
    const balanced = balanceNet(net);
    assert.ok(Math.abs(Math.hypot(balanced.u[0], balanced.b[0]) - Math.abs(balanced.alpha[0])) < 1e-12);
    assert.equal(zeroTinyNeurons(net).alpha[2], 0);
  });

  it("2-D spiral: the convex solve converges with every pattern; closed-form neurons pass through their pairs", async () => {
    const data = { n: 8, dataSeed: 1, turns: 1, noise: 0.1, lambda: 0.05 };
    const config = { ...data, tolerance: 1e-4, maxIterations: 200000 };
    const r = await runExperiment(SPIRAL_CONVEX, config, { cacheDir });
    assert.ok(r.converged && r.gap >= 0);
    // The spiral's two arms both start at the origin (a duplicate point), so it is not in general position.
    assert.ok(r.numPatterns >= generalPositionCount(7, 3));
    const { net, through } = r.closedForm;
    for (let j = 0; j < net.alpha.length; j++) {
      for (const i of through.slice(2 * j, 2 * j + 2)) {
        const z = net.u[2 * j] * r.X[2 * i] + net.u[2 * j + 1] * r.X[2 * i + 1] + net.b[j];
        assert.ok(Math.abs(z) < 1e-6, `neuron ${j} misses point ${i} by ${z}`);
      }
    }
    const [adam] = await runSeeds(
      SPIRAL_ADAM,
      { ...data, width: 8, lr: 0.01, numSteps: 100, numCheckpoints: 4 },
      [0],
      { cacheDir },
    );
    for (const v of adam.objective) assert.ok(v >= r.lowerBound, "no net beats the certified bound");
  });

  it("memory wall: enumerated counts are Cover's, and largestExactN is the last n that fits", async () => {
    const rows = await runExperiment(
      MEMORY_WALL,
      { exactNs: [5, 9], sampledDs: [3], sampledN: 12, numGates: 300, seed: 1 },
      { cacheDir },
    );
    for (const r of rows) {
      if (r.exact) assert.equal(r.count, r.generalPosition);
      else assert.ok(r.count <= r.generalPosition);
      assert.ok(r.generalPosition <= r.bound);
    }
    const bytes = 1e8;
    const n = largestExactN(2, bytes);
    assert.ok(programBytes(n, 3, generalPositionCount(n, 3)) <= bytes);
    assert.ok(programBytes(n + 1, 3, generalPositionCount(n + 1, 3)) > bytes);
  });

  it("rejects λ ≤ 0 before any work", async () => {
    await assert.rejects(
      runSeeds(HINGE_GD, { ...QUICK_HINGE_GD, lambda: 0 }, [0], { cacheDir }),
      /hinge-gd: lambda \(the weight decay β\) must be > 0; got 0/,
    );
    await assert.rejects(
      runExperiment(
        SPIRAL_CONVEX,
        { n: 8, dataSeed: 0, turns: 1, noise: 0.1, lambda: -1, tolerance: 1e-3, maxIterations: 10 },
        { cacheDir },
      ),
      /spiral-convex: lambda \(the weight decay β\) must be > 0; got -1/,
    );
  });
});
