import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { Rng } from "../../lib/core/rng";
import { enumeratePatterns, samplePatterns, withOnes } from "../../lib/solvers/patterns";
import {
  checkEnumeration,
  generalPositionCount,
  matrixRank,
  patternBound,
} from "../../lib/solvers/pattern-count";
import { crossProduct, hyperplaneThrough } from "../../lib/solvers/cross-product";

function points(n: number, d: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * d }, () => rng.normal());
}

/** Every pattern 1[X g ≥ 0] seen over a dense sample of gates: a brute-force lower estimate of the set. */
function bruteForce(X: Float64Array, p: number, gates: number, seed: number): Set<string> {
  const found = samplePatterns(X, p, gates, seed);
  const out = new Set<string>();
  for (let i = 0; i < found.count; i++)
    out.add(found.masks.subarray(i * found.n, (i + 1) * found.n).join(""));
  return out;
}

function keys(P: ReturnType<typeof enumeratePatterns>): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < P.count; i++) out.add(P.masks.subarray(i * P.n, (i + 1) * P.n).join(""));
  return out;
}

describe("activation patterns", () => {
  for (const [d, n] of [
    [1, 9],
    [2, 7],
    [2, 12],
  ]) {
    it(`enumeration in d = ${d}, n = ${n} finds every sampled pattern and Cover's count`, () => {
      const X = withOnes(points(n, d, 10 * d + n), d);
      const exact = enumeratePatterns(X, d + 1);
      const sampled = bruteForce(X, d + 1, 200000, 5);
      const enumerated = keys(exact);
      for (const k of sampled) assert.ok(enumerated.has(k), `missing pattern ${k}`);
      assert.equal(exact.count, generalPositionCount(n, d + 1));
      // Sampling can miss small cells (that is what it gives up), never find a pattern enumeration lacks.
      assert.ok(sampled.size <= exact.count && sampled.size >= 0.9 * exact.count);
      assert.ok(exact.count <= patternBound(n, matrixRank(X, d + 1)));
      for (let i = 0; i < exact.count; i++)
        assert.ok(exact.masks.subarray(i * n, (i + 1) * n).some((b) => b === 1));
    });
  }

  it("sampling is seeded and drops duplicates and all-zero patterns", () => {
    const X = withOnes(points(20, 2, 1), 2);
    const a = samplePatterns(X, 3, 500, 7);
    const b = samplePatterns(X, 3, 500, 7);
    assert.deepEqual(a.masks, b.masks);
    assert.equal(keys(a).size, a.count);
    for (let i = 0; i < a.count; i++) {
      const g = a.gates.subarray(i * 3, i * 3 + 3);
      for (let k = 0; k < 20; k++) {
        const z = X[k * 3] * g[0] + X[k * 3 + 1] * g[1] + X[k * 3 + 2] * g[2];
        assert.equal(a.masks[i * 20 + k], z >= 0 ? 1 : 0);
      }
    }
  });

  it("too many points for exact enumeration is an error stating the count and the memory", () => {
    assert.throws(
      () => checkEnumeration(5000, 3),
      /have 2\.50e\+7 activation patterns, and the convex program would need 4\.13 TB .*sample patterns instead/,
    );
    assert.throws(() => checkEnumeration(50, 5), /up to .* patterns.*exact enumeration handles p ≤ 3/);
    assert.doesNotThrow(() => checkEnumeration(60, 3));
    assert.throws(() => enumeratePatterns(points(10, 4, 1), 4), /p ≤ 3 .*use samplePatterns/);
    assert.throws(
      () => enumeratePatterns(withOnes(points(3000, 2, 1), 2), 3),
      /n = 3000 points in p = 3 dimensions \(with the bias\) have 9\.00e\+6 activation patterns, and the convex program would need .* GB \(the budget is 1\.00 GB\); sample patterns instead/,
    );
  });
});

describe("closed-form neurons", () => {
  it("the hyperplane through d points passes through each of them (d = 2..5)", () => {
    for (let d = 2; d <= 5; d++) {
      const P = points(d, d, d);
      const { v, b } = hyperplaneThrough(P, d);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-12);
      for (let i = 0; i < d; i++) {
        let z = b;
        for (let k = 0; k < d; k++) z += v[k] * P[i * d + k];
        assert.ok(Math.abs(z) < 1e-10, `d = ${d}, point ${i}: ${z}`);
      }
    }
  });

  it("in d = 2 it is the 90° rotation of the difference", () => {
    const P = points(2, 2, 3);
    const { v } = hyperplaneThrough(P, 2);
    const dx = P[0] - P[2];
    const dy = P[1] - P[3];
    const norm = Math.hypot(dx, dy);
    // R₋₉₀ (x, y) = (y, −x): clockwise; its flip −v is the counter-clockwise rotation.
    assert.ok(Math.abs(v[0] - dy / norm) < 1e-12 && Math.abs(v[1] + dx / norm) < 1e-12);
  });

  it("the generalised cross product is orthogonal to its rows, with the parallelotope's volume as norm", () => {
    const p = 4;
    const rows = points(p - 1, p, 9);
    const c = crossProduct(rows, p);
    for (let i = 0; i < p - 1; i++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += rows[i * p + k] * c[k];
      assert.ok(Math.abs(s) < 1e-10);
    }
    // det [rows; c] = ‖c‖² (the Hodge-star identity).
    const gram = (a: number, b: number) =>
      rows.subarray(a * p, a * p + p).reduce((s, v, k) => s + v * rows[b * p + k], 0);
    const G = [0, 1, 2].map((a) => [0, 1, 2].map((b) => gram(a, b)));
    const det3 = (m: number[][]) =>
      m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
      m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
      m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    assert.ok(Math.abs(c.reduce((s, v) => s + v * v, 0) - det3(G)) < 1e-8);
  });
});

describe("closedFormNet", () => {
  it("its candidates pass through their d data points, and its net's objective equals the Lasso's", async () => {
    const { closedFormCandidates, closedFormNet } = await import("../../lib/solvers/closed-form");
    const { weightDecayObjective } = await import("../../lib/solvers/two-layer");
    const X = points(9, 2, 4);
    const c = closedFormCandidates(X, 2, 0);
    assert.equal(c.b.length, 9 * 8);
    for (let j = 0; j < c.b.length; j++) {
      for (const r of c.through.subarray(2 * j, 2 * j + 2)) {
        assert.ok(Math.abs(c.v[2 * j] * X[2 * r] + c.v[2 * j + 1] * X[2 * r + 1] + c.b[j]) < 1e-10);
      }
    }
    const y = Array.from({ length: 9 }, (_, i) => Math.sin(X[2 * i] + X[2 * i + 1]));
    const fit = closedFormNet(X, 2, y, 0.01, { tolerance: 1e-9 });
    assert.ok(fit.converged);
    assert.ok(Math.abs(weightDecayObjective(fit.net, X, y, 0.01) - fit.objective) < 1e-9);
    assert.throws(() => closedFormCandidates(points(1000, 3, 1), 3), /give 3\.32e\+8 candidate neurons/);
  });
});
