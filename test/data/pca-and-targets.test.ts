import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { regressionDataset } from "../../lib/data/dataset";
import { pca } from "../../lib/data/pca";
import { sampleTarget } from "../../lib/data/target-functions";
import { normalArray } from "../../lib/core/rng";
import { useBackend } from "../helpers/tf";

useBackend();

describe("pca", () => {
  it("recovers the axes and variances of a rotated Gaussian", () => {
    // x = R · diag(3, 2, 1) · z with R a rotation by 30° in the first two coordinates.
    const n = 20000;
    const z = normalArray(3 * n, 4);
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const X = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const [a, b, e] = [3 * z[3 * i], 2 * z[3 * i + 1], z[3 * i + 2]];
      [X[3 * i], X[3 * i + 1], X[3 * i + 2]] = [c * a - s * b, s * a + c * b, e + 5];
    }
    const p = pca(regressionDataset("gauss", X, new Float32Array(n), 3, 1), 2);
    assert.ok(Math.abs(p.mean[2] - 5) < 0.05);
    const first = [p.components[0], p.components[2], p.components[4]];
    assert.ok(Math.abs(Math.abs(first[0]) - c) < 0.02 && Math.abs(Math.abs(first[1]) - s) < 0.02, `${first}`);
    assert.ok(Math.abs(p.explained[0] - 9 / 14) < 0.02 && Math.abs(p.explained[1] - 4 / 14) < 0.02, `${p.explained}`);
    const dot = p.components[0] * p.components[1] + p.components[2] * p.components[3] + p.components[4] * p.components[5];
    assert.ok(Math.abs(dot) < 1e-6, "orthogonal components");
    assert.throws(() => pca(regressionDataset("g", X, new Float32Array(n), 3, 1), 4), /numComponents must be an integer in \[1, 3\]; got 4/);
  });
});

describe("sampleTarget", () => {
  it("samples a named target from a seed, noisy for training and exact for testing", () => {
    const a = sampleTarget({ target: "kanExp", n: 50, numTest: 20, noise: 0.1, seed: 3 });
    const b = sampleTarget({ target: "kanExp", n: 50, numTest: 20, noise: 0.1, seed: 3 });
    assert.deepEqual(a.train.X, b.train.X);
    for (let i = 0; i < 20; i++) {
      const [x, y] = [a.test.X[2 * i], a.test.X[2 * i + 1]];
      assert.ok(Math.abs(a.test.y[i] - Math.exp(Math.sin(Math.PI * x) + y * y)) < 1e-5);
    }
    assert.throws(() => sampleTarget({ target: "sin2p" as never, n: 5, numTest: 5, seed: 0 }), /unknown target "sin2p"; did you mean "sin2pi"\? known: sin2pi, kanExp/);
    assert.throws(() => sampleTarget({ target: "sin2pi", n: 0, numTest: 5, seed: 0 }), /sampleTarget: n must be a positive integer; got 0/);
  });
});
