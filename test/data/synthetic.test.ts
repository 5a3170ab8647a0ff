import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { interpolateKnots, regression1d, teacherStudent } from "../../lib/data/regression";
import { spirals, twoMoons } from "../../lib/data/synthetic-2d";
import { checkParams, mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { deriveSeed } from "../../lib/core/rng";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("synthetic datasets", () => {
  it("two moons: balanced, seeded, on the two arcs when noise is 0", () => {
    const ds = twoMoons({ n: 101, seed: 1, noise: 0 });
    assert.equal(ds.numExamples, 101);
    assert.equal(ds.labels!.filter((k) => k === 0).length, 51);
    for (let i = 0; i < ds.numExamples; i++) {
      const [x, y] = [ds.X[2 * i], ds.X[2 * i + 1]];
      const r = ds.labels![i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      assert.ok(Math.abs(r - 1) < 1e-6, `example ${i} off its arc (r = ${r})`);
    }
    assert.deepEqual(twoMoons({ n: 50, seed: 2 }).X, twoMoons({ n: 50, seed: 2 }).X);
    assert.notDeepEqual(twoMoons({ n: 50, seed: 2 }).X, twoMoons({ n: 50, seed: 3 }).X);
    assert.throws(() => twoMoons({ n: 1, seed: 0 }), /twoMoons: n must be an integer ≥ 2; got 1/);
  });

  it("spirals: numClasses arms with radii in [0, 1]", () => {
    const ds = spirals({ n: 300, seed: 0, numClasses: 3 });
    assert.equal(ds.outDim, 3);
    assert.deepEqual([0, 1, 2].map((k) => ds.labels!.filter((l) => l === k).length), [100, 100, 100]);
    for (let i = 0; i < 300; i++) assert.ok(Math.hypot(ds.X[2 * i], ds.X[2 * i + 1]) <= 1 + 1e-6);
    assert.throws(() => spirals({ n: 10, seed: 0, numClasses: 1 }), /spirals: numClasses must be an integer ≥ 2; got 1/);
  });

  it("1-D regression follows the linear spline through the knots", () => {
    const knots = [[-1, 0], [0, 1], [2, -1]] as const;
    assert.equal(interpolateKnots(knots, -0.5), 0.5);
    assert.equal(interpolateKnots(knots, 1), 0);
    assert.equal(interpolateKnots(knots, 5), -1);
    const ds = regression1d({ knots, n: 31, seed: 0, grid: true });
    assert.equal(ds.X[0], -1);
    assert.equal(ds.X[30], 2);
    for (let i = 0; i < 31; i++) assert.ok(Math.abs(ds.y[i] - interpolateKnots(knots, ds.X[i])) < 1e-6);
    const noisy = regression1d({ knots, n: 2000, seed: 1, noise: 0.1 });
    let sq = 0;
    for (let i = 0; i < 2000; i++) sq += (noisy.y[i] - interpolateKnots(knots, noisy.X[i])) ** 2;
    assert.ok(Math.abs(Math.sqrt(sq / 2000) - 0.1) < 0.01);
    assert.throws(() => regression1d({ knots: [[0, 0], [0, 1]], n: 5, seed: 0 }), /strictly increasing x/);
  });

  it("teacher-student targets are exactly the teacher's outputs (plus seeded noise)", async () => {
    const arch = mlp([4, 8, 2]);
    await assertNoLeaks(() => {
      const { data, teacher } = teacherStudent({ arch, n: 50, seed: 3 });
      checkParams(arch, teacher, "teacherStudent");
      assert.equal(data.name, "teacherStudent([4,8,2], n=50, seed=3)");
      assert.deepEqual([data.numExamples, data.inDim, data.outDim], [50, 4, 2]);
      const yHat = tf.tidy(() => forward(arch, teacher, tf.tensor2d(data.X, [50, 4])).dataSync());
      assertClose(data.y, yHat, 0);
      // The teacher is the He-initialised network of deriveSeed(seed, "teacher"), as before the redesign.
      const expected = initParams(arch, { seed: deriveSeed(3, "teacher"), init: "heNormal" });
      for (const name of Object.keys(expected)) {
        assert.deepEqual(teacher[name].dataSync(), expected[name].dataSync(), name);
      }
      disposeParams(expected);
      disposeParams(teacher);
      const noisy = teacherStudent({ arch, n: 50, seed: 3, noise: 0.5 });
      assert.notDeepEqual(noisy.data.y, data.y);
      assert.deepEqual(noisy.data.X, data.X);
      disposeParams(noisy.teacher);
    });
  });

  it("teacher-student uses the architecture's activation, so a tanh teacher is not a ReLU one", () => {
    const tanh = teacherStudent({ arch: mlp([3, 6, 1], { activation: "tanh" }), n: 20, seed: 1 });
    const relu = teacherStudent({ arch: mlp([3, 6, 1]), n: 20, seed: 1 });
    assert.deepEqual(tanh.data.X, relu.data.X);
    assert.notDeepEqual(tanh.data.y, relu.data.y);
    [tanh, relu].forEach((t) => disposeParams(t.teacher));
    assert.throws(() => teacherStudent({ sizes: [3, 1], n: 5, seed: 1 } as never), {
      message: 'teacherStudent: unknown option "sizes"; did you mean "seed"? (the options are arch, n, seed, noise, init)',
    });
    assert.throws(() => teacherStudent({ arch: mlp([3, 1]), n: 0, seed: 1 }), {
      message: "teacherStudent: n must be a positive integer; got 0",
    });
  });
});
