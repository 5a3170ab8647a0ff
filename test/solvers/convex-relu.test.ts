import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng";
import { solveConvexRelu } from "../../lib/solvers/convex-relu";
import { solveGatedRelu } from "../../lib/solvers/gated-relu";
import { enumeratePatterns, samplePatterns, withOnes } from "../../lib/solvers/patterns";
import { netPredict, weightDecayObjective } from "../../lib/solvers/two-layer";

function problem(n: number, seed: number) {
  const rng = new Rng(seed);
  const X = Float64Array.from({ length: 2 * n }, () => rng.uniform(-1, 1));
  const y = Float64Array.from(
    { length: n },
    (_, i) => Math.sign(X[2 * i] * X[2 * i + 1]) + 0.1 * rng.normal(),
  );
  return { X, y, d: 2, patterns: enumeratePatterns(withOnes(X, 2), 3) };
}

describe("solveConvexRelu", () => {
  const base = problem(8, 1);
  const lambda = 0.05;
  const fit = solveConvexRelu({ ...base, lambda }, { tolerance: 1e-6 });

  it("converges with a certified gap ≥ 0 and the cone constraints holding", () => {
    assert.ok(fit.converged, `gap ${fit.gap}`);
    assert.ok(fit.gap >= 0 && fit.gap <= 1e-6 * fit.networkObjective);
    assert.ok(fit.maxViolation < 1e-6, `violation ${fit.maxViolation}`);
  });

  it("the recovered net's non-convex objective equals the convex optimum (the recovery equality)", () => {
    const direct = weightDecayObjective(fit.net, base.X, base.y, lambda, true);
    assert.ok(Math.abs(direct - fit.objective) < 1e-6 * fit.objective, `${direct} vs ${fit.objective}`);
    for (let j = 0; j < fit.net.alpha.length; j++) {
      const inSq = fit.net.u[2 * j] ** 2 + fit.net.u[2 * j + 1] ** 2 + fit.net.b[j] ** 2;
      assert.ok(Math.abs(inSq - fit.net.alpha[j] ** 2) < 1e-9, "each neuron is balanced");
    }
  });

  it("no two-layer ReLU net of any width beats its lower bound (every pattern is present)", () => {
    const rng = new Rng(2);
    for (let t = 0; t < 300; t++) {
      const width = 1 + rng.int(20);
      const r = (s: number, m: number) => Float64Array.from({ length: m }, () => rng.normal(0, s));
      const net = { inDim: 2, u: r(2, 2 * width), b: r(1, width), alpha: r(1, width), c: rng.normal(0, 0.5) };
      assert.ok(weightDecayObjective(net, base.X, base.y, lambda, true) >= fit.lowerBound - 1e-12);
    }
    // Perturbing the optimum never helps either.
    for (let t = 0; t < 50; t++) {
      const net = { ...fit.net, u: fit.net.u.map((v) => v + rng.normal(0, 1e-3)) };
      assert.ok(weightDecayObjective(net, base.X, base.y, lambda, true) >= fit.lowerBound - 1e-12);
    }
  });

  it("the gated-ReLU relaxation is never above the ReLU optimum", () => {
    const gated = solveGatedRelu({ ...base, lambda }, { tolerance: 1e-8 });
    assert.ok(gated.converged && gated.lowerBound <= gated.objective);
    assert.ok(gated.objective <= fit.networkObjective + 1e-9);
  });

  it("sampled patterns give a feasible net whose objective is ≥ the exact optimum", () => {
    const sampled = samplePatterns(withOnes(base.X, 2), 3, 12, 4);
    const s = solveConvexRelu({ ...base, patterns: sampled, lambda }, { tolerance: 1e-6 });
    assert.ok(s.networkObjective >= fit.lowerBound);
    assert.ok(netPredict(s.net, base.X).every(Number.isFinite));
  });

  it("reports a solve out of budget as not converged", () => {
    const s = solveConvexRelu({ ...base, lambda: 0.001 }, { maxIterations: 20, roundIterations: 20 });
    assert.equal(s.converged, false);
    assert.ok(s.gap >= 0);
  });

  it("rejects bad input, naming the option", () => {
    assert.throws(
      () => solveConvexRelu({ ...base, lambda: 0 }),
      /lambda \(the weight decay β\) must be a finite number > 0/,
    );
    assert.throws(() => solveConvexRelu({ ...base, lambda: -1 }), /must be a finite number > 0; got -1/);
    assert.throws(
      () => solveConvexRelu({ ...base, y: base.y.subarray(0, 7), lambda }),
      /X must be n × d row-major with n = y.length = 7 and d = 2; got 16 numbers/,
    );
    const other = problem(9, 3).patterns;
    assert.throws(
      () => solveConvexRelu({ ...base, patterns: other, lambda }),
      /patterns must come from this X \(n = 8/,
    );
  });
});
