import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { regressionDataset } from "../../lib/data/dataset";
import { matchedCosines } from "../../lib/gauge/neuron-cosines";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { permute } from "../../lib/gauge/permute";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { rescale } from "../../lib/gauge/rescale";
import { deadUnitFraction } from "../../lib/splines/dead-units";
import { kendallTau } from "../../lib/splines/kendall-tau";
import { orderByKnots } from "../../lib/splines/order-by-knots";
import { knotOrderTau, unitKnots } from "../../lib/splines/unit-knots";
import { train } from "../../lib/train/train";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const HINGES: Architecture = {
  inDim: 1,
  layers: [
    { kind: "hinge", knots: [-0.6, -0.2, 0.1, 0.5], signs: "both" },
    { kind: "dense", units: 1 },
  ],
};

describe("kendallTau", () => {
  it("is 1 for the same order, −1 reversed, and (C − D)/pairs in between, with τ-b for ties", () => {
    assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]), 1);
    assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    assert.ok(Math.abs(kendallTau([1, 2, 3, 4], [1, 3, 2, 4]) - 4 / 6) < 1e-12);
    // a = [1, 1, 2]: 2 untied pairs, both concordant with b = [1, 2, 3] (3 untied): τ-b = 2 / √6.
    assert.ok(Math.abs(kendallTau([1, 1, 2], [1, 2, 3]) - 2 / Math.sqrt(6)) < 1e-12);
    assert.throws(() => kendallTau([1, 2], [1]), /kendallTau: the sequences have 2 and 1 values/);
    assert.throws(() => kendallTau([1, 1], [1, 2]), /a sequence is constant, so τ is undefined/);
    assert.throws(() => kendallTau([1, NaN], [1, 2]), /kendallTau: a\[1\] is NaN/);
  });
});

describe("knots of units", () => {
  it("reads a hinge layer's knots and signs back from its weights", () => {
    const params = initParams(HINGES, { seed: 0 });
    const knots = unitKnots(HINGES, params, 0);
    assert.deepEqual(
      knots.map((u) => u.sign),
      [1, 1, 1, 1, -1, -1, -1, -1],
    );
    assertClose(
      knots.map((u) => u.knot),
      [-0.6, -0.2, 0.1, 0.5, -0.6, -0.2, 0.1, 0.5],
      1e-6,
    );
    disposeParams(params);
  });

  it("a frozen hinge layer keeps τ = 1 and bit-identical weights through training; reversed knots give τ = −1", async () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => -1 + (2 * i) / 31);
    const data = regressionDataset(
      "sin",
      x,
      x.map((v) => Math.sin(3 * v)),
      1,
      1,
    );
    const init = initParams(HINGES, { seed: 1 });
    await assertNoLeaks(async () => {
      const r = await train(
        HINGES,
        init,
        { train: data },
        {
          optimizer: { kind: "adam", lr: 0.05 },
          seed: 0,
          numSteps: 200,
          handleSigint: false,
        },
      );
      assert.equal(knotOrderTau(HINGES, init, r.params, 0), 1);
      for (const name of ["hinge0/kernel", "hinge0/bias"])
        assert.deepEqual(r.params[name].dataSync(), init[name].dataSync());
      assert.notDeepEqual(r.params["dense1/kernel"].dataSync(), init["dense1/kernel"].dataSync());
      const reversed = {
        ...r.params,
        "hinge0/bias": tf.tidy(() => tf.reverse(tf.reshape(init["hinge0/bias"], [2, 4]), 1).flatten()),
      };
      assert.equal(knotOrderTau(HINGES, init, reversed, 0), -1);
      reversed["hinge0/bias"].dispose();
      disposeParams(r.params);
    });
    disposeParams(init);
  });

  it("counts dead units: hinges bending beyond the data never fire", () => {
    const arch = {
      inDim: 1,
      layers: [
        { kind: "hinge", knots: [0, 0.5, 2, 3] },
        { kind: "dense", units: 1 },
      ],
    };
    const params = initParams(arch, { seed: 0 });
    const X = tf.tensor2d([[0.2], [1], [1.5]]);
    assert.equal(deadUnitFraction(arch, params, 0, X), 0.5);
    assert.throws(
      () => deadUnitFraction(arch, params, "nope", X),
      /no layer "nope"; the layers are hinge0, dense1/,
    );
    disposeParams(params);
    X.dispose();
  });
});

describe("orderByKnots", () => {
  it("maps every point of a ReLU layer's orbit to one ordered point, with the same function", async () => {
    const arch = mlp([1, 12, 1]);
    const init = initParams(arch, { seed: 5 });
    init["dense0/bias"].dispose();
    const params = { ...init, "dense0/bias": tf.linspace(-0.5, 0.5, 12) };
    const X = tf.tidy(() => tf.linspace(-1, 1, 50).reshape([50, 1]) as tf.Tensor2D);
    const spec = permutationSpec(arch);
    await assertNoLeaks(() => {
      const scaled = rescale(arch, params, randomScales(arch, 3, [0.3, 3]));
      const moved = permute(arch, scaled, randomPerms(spec, 4));
      const [fromA, fromB] = [orderByKnots(arch, params, 0), orderByKnots(arch, moved, 0)];
      for (const name of Object.keys(params))
        assertClose(fromB[name].dataSync(), fromA[name].dataSync(), 1e-5);
      const [yA, yOrdered] = [forward(arch, params, X), forward(arch, fromA, X)];
      assertClose(yOrdered.dataSync(), yA.dataSync(), 1e-5);
      const knots = unitKnots(arch, fromA, 0);
      const order = knots.map((u) => u.sign * 100 - u.knot);
      assert.ok(
        order.every((v, j) => j === 0 || v <= order[j - 1]),
        "sorted by sign, then knot",
      );
      assertClose(Array.from(fromA["dense0/kernel"].dataSync(), Math.abs), new Array(12).fill(1), 1e-6);
      tf.dispose([yA, yOrdered]);
      [scaled, moved, fromA, fromB].forEach(disposeParams);
    });
    assert.throws(
      () => orderByKnots(mlp([1, 4, 1], { activation: "tanh" }), initParams(mlp([1, 4, 1]), { seed: 0 }), 0),
      /orderByKnots: layer dense0's units have no ReLU gauge group/,
    );
    disposeParams(params);
    X.dispose();
  });

  it("matchedCosines: a permuted copy is dissimilar unit by unit until weight matching aligns it", () => {
    const arch = mlp([5, 16, 8, 2]);
    const a = initParams(arch, { seed: 2 });
    const b = permute(arch, a, randomPerms(permutationSpec(arch), 9));
    const { raw, matched } = matchedCosines(arch, a, b);
    assert.ok(
      raw.every((c) => c < 0.6),
      `raw ${raw}`,
    );
    assertClose(matched, [1, 1], 1e-6);
    disposeParams(a);
    disposeParams(b);
  });
});
