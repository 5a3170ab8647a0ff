import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { layerSizes, mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { initKernelArray, initStd } from "../../lib/core/init-kernel";
import { disposeParams } from "../../lib/core/params";
import { kernelFromPicture, resizeBilinear } from "../../lib/core/picture";
import { deriveSeed } from "../../lib/core/rng";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

function moments(values: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] / values.length;
  let variance = 0;
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    variance += (values[i] - mean) ** 2 / values.length;
    maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  }
  return { mean, std: Math.sqrt(variance), maxAbs };
}

describe("initParams", () => {
  it("builds LeNet-300-100 with the named, ordered, shaped params and zero biases, one tensor each", async () => {
    const arch = mlp([784, 300, 100, 10]);
    await assertNoLeaks(() => {
      const live = tf.memory().numTensors;
      const params = initParams(arch, { seed: 0 });
      assert.equal(tf.memory().numTensors - live, 6, "no intermediate tensor left alive");
      assert.deepEqual(Object.keys(params), [
        "dense0/kernel",
        "dense0/bias",
        "dense1/kernel",
        "dense1/bias",
        "dense2/kernel",
        "dense2/bias",
      ]);
      assert.deepEqual(
        Object.values(params).map((t) => t.shape),
        [[784, 300], [300], [300, 100], [100], [100, 10], [10]],
      );
      assert.deepEqual(layerSizes(arch), [784, 300, 100, 10]);
      assert.ok(params["dense1/bias"].dataSync().every((b) => b === 0));
      disposeParams(params);
    });
  });

  it('draws layer <name>\'s kernel from deriveSeed(seed, "init/<name>"), as initMlp did (notebooks reproduce)', () => {
    const arch = {
      inDim: 3,
      layers: [
        { kind: "dense", units: 4, activation: "relu", name: "hidden" },
        { kind: "dense", units: 2 },
      ],
    };
    const params = initParams(arch, { seed: 7, init: "heUniform", biasValue: 0.25 });
    assert.deepEqual(Object.keys(params), ["hidden/kernel", "hidden/bias", "dense1/kernel", "dense1/bias"]);
    assert.deepEqual(
      params["hidden/kernel"].dataSync(),
      initKernelArray("heUniform", 3, 4, deriveSeed(7, "init/hidden")),
    );
    assert.deepEqual(
      params["dense1/kernel"].dataSync(),
      initKernelArray("heUniform", 4, 2, deriveSeed(7, "init/dense1")),
    );
    assert.deepEqual(Array.from(params["dense1/bias"].dataSync()), [0.25, 0.25]);
    disposeParams(params);
  });

  it("is bit-identical for a seed and differs across seeds and layers", () => {
    const arch = mlp([20, 20, 20]);
    const a = initParams(arch, { seed: 5 });
    const b = initParams(arch, { seed: 5 });
    const c = initParams(arch, { seed: 6 });
    assert.deepEqual(a["dense0/kernel"].dataSync(), b["dense0/kernel"].dataSync());
    assert.notDeepEqual(a["dense0/kernel"].dataSync(), c["dense0/kernel"].dataSync());
    assert.notDeepEqual(a["dense0/kernel"].dataSync(), a["dense1/kernel"].dataSync());
    [a, b, c].forEach(disposeParams);
  });

  it("draws each initialiser with its theoretical standard deviation", () => {
    for (const init of ["glorotNormal", "glorotUniform", "heNormal", "heUniform"] as const) {
      const values = initKernelArray(init, 400, 200, 1);
      const { mean, std, maxAbs } = moments(values);
      const expected = initStd(init, 400, 200);
      assert.ok(Math.abs(mean) < 0.01 * expected * 10, `${init} mean ${mean}`);
      assert.ok(Math.abs(std / expected - 1) < 0.01, `${init} std ${std} vs ${expected}`);
      if (init.endsWith("Uniform")) assert.ok(maxAbs <= expected * Math.sqrt(3));
    }
    assert.equal(initStd("glorotNormal", 784, 300), Math.sqrt(2 / 1084));
    assert.equal(initStd("heNormal", 784, 300), Math.sqrt(2 / 784));
  });

  it("rejects bad sizes, unknown initialisers and unknown or mistyped options, leaking nothing", async () => {
    assert.throws(() => mlp([784]), {
      message: "mlp: sizes must be ≥ 2 positive integers [inDim, ..., outDim]; got [784]",
    });
    assert.throws(() => mlp([4, 0, 2]), /got \[4,0,2\]/);
    const arch = mlp([4, 3, 2]);
    await assertNoLeaks(() => {
      assert.throws(
        () => initParams(arch, { seed: 0, init: "orthogonal" as "heNormal" }),
        /unknown init "orthogonal"/,
      );
      assert.throws(() => initParams(arch, { seed: 0, biasvalue: 1 } as { seed: number }), {
        message:
          'initParams: unknown option "biasvalue"; did you mean "biasValue"? (the options are seed, init, biasValue)',
      });
      assert.throws(() => initParams(arch, {} as { seed: number }), {
        message: 'initParams: option "seed" is missing (a number)',
      });
      assert.throws(() => initParams(arch, { seed: "1" as unknown as number }), {
        message: 'initParams: seed must be a number; got a string ("1")',
      });
      assert.throws(() => initParams(arch, { seed: 0.5 }), {
        message: "initParams: seed must be an integer; got 0.5",
      });
    });
  });
});

describe("kernel from a picture", () => {
  it("resizes bilinearly: identity at the same size, exact on a linear ramp", () => {
    const pic = { data: [1, 2, 3, 4, 5, 6], height: 2, width: 3 };
    assertClose(resizeBilinear(pic, 2, 3), pic.data);
    // A horizontal ramp 0..3 resampled to 7 columns with centres aligned stays a ramp (clamped at the ends).
    const ramp = resizeBilinear({ data: [0, 1, 2, 3], height: 1, width: 4 }, 1, 8);
    assertClose(ramp, [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3]);
    assert.throws(
      () => resizeBilinear({ data: [1, 2, 3], height: 2, width: 2 }, 2, 2),
      /height\*width = 2\*2/,
    );
  });

  it("gives a [in, out] kernel with mean 0 and the requested std, keeping the picture's pattern", async () => {
    const data = Array.from({ length: 64 }, (_, i) => (i % 8 < 4 ? 1 : 0)); // left half white
    await assertNoLeaks(() => {
      const w = kernelFromPicture({ data, height: 8, width: 8 }, 16, 32, 0.5);
      assert.deepEqual(w.shape, [16, 32]);
      const values = w.dataSync();
      const { mean, std } = moments(values);
      assert.ok(Math.abs(mean) < 1e-6);
      assert.ok(Math.abs(std - 0.5) < 1e-5);
      assert.ok(values[0] > 0 && values[31] < 0, "left columns bright, right columns dark");
      w.dispose();
    });
    assert.throws(
      () => kernelFromPicture({ data: [2, 2, 2, 2], height: 2, width: 2 }, 3, 3),
      /the picture is constant/,
    );
  });

  it("rejects non-finite pixels and bad target sizes before looking for a pattern", () => {
    const pic = { data: [0, 1, 2, 3, 4, 5], height: 2, width: 3 };
    for (const [inDim, outDim] of [
      [0, 3],
      [3, -2],
      [2.5, 3],
      [3, NaN],
    ]) {
      assert.throws(() => kernelFromPicture(pic, inDim, outDim), {
        message: `kernelFromPicture: inDim and outDim must be positive integers; got ${inDim} × ${outDim}`,
      });
    }
    for (const bad of [NaN, Infinity]) {
      const data = [0, 1, 2, 3, bad, 5];
      assert.throws(() => kernelFromPicture({ ...pic, data }, 3, 3), {
        message:
          `kernelFromPicture: pixel 4 (row 1, column 1) is ${bad}; ` +
          "replace missing or overflowed pixels with finite values first",
      });
    }
  });
});
