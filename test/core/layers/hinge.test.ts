import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Matrix, solve } from "ml-matrix";
import { type Architecture, layersOf } from "../../../lib/core/architecture";
import { forward } from "../../../lib/core/forward";
import { initParams } from "../../../lib/core/init";
import { disposeParams } from "../../../lib/core/params";
import { regressionDataset } from "../../../lib/data/dataset";
import { interpolateKnots } from "../../../lib/data/regression";
import { Mask } from "../../../lib/train/mask";
import { train } from "../../../lib/train/train";
import { lossAndGrads } from "../../../lib/train/backward";
import { trainableNames } from "../../../lib/train/freeze";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../../helpers/tf";

useBackend();

const KNOTS = [-0.9, -0.5, -0.1, 0.2, 0.7];

/** Features `[n, units]` of `arch` at `xs`, as Float64 rows. */
function features(arch: Architecture, xs: number[][]): number[][] {
  const params = initParams(arch, { seed: 0 });
  const out = tf.tidy(() => forward(arch, params, tf.tensor2d(xs)).arraySync() as number[][]);
  disposeParams(params);
  return out;
}

describe("hinge layer", () => {
  it("makes relu(s·(x_j − t)) units, ordered by input, sign, knot, and is frozen by default", () => {
    const arch = {
      inDim: 2,
      layers: [
        {
          kind: "hinge",
          knots: [
            [0, 1],
            [-1, 0.5, 2],
          ],
          signs: "both",
        },
      ],
    };
    const [row] = features(arch, [[0.5, 1]]);
    assert.deepEqual(row, [0.5, 0, 0, 0.5, 2, 0.5, 0, 0, 0, 1]);
    assert.equal(layersOf(arch)[0].frozen, true);
    const thawed = {
      inDim: 1,
      layers: [
        { kind: "hinge", knots: 3, frozen: false },
        { kind: "dense", units: 1 },
      ],
    };
    assert.ok(trainableNames(thawed).has("hinge0/kernel"));
    const [spread] = features({ inDim: 1, layers: [{ kind: "hinge", knots: 4, range: [0, 2] }] }, [[1.2]]);
    assertClose(spread, [1.2, 0.7, 0.2, 0], 1e-6);
  });

  it("reproduces every linear spline with its knots exactly (least-squares residual at float rounding)", () => {
    const arch = { inDim: 1, layers: [{ kind: "hinge", knots: KNOTS }] };
    const xs = Array.from({ length: 101 }, (_, i) => -0.9 + (1.8 * i) / 100);
    for (const values of [
      [1, -2, 0.5, 3, -1, 2],
      [0, 0, 1, 0, 0, 0],
    ]) {
      const spline = [...KNOTS, 0.9].map((x, k) => [x, values[k]] as const);
      const target = xs.map((x) => interpolateKnots(spline, x));
      const A = new Matrix(
        features(
          arch,
          xs.map((x) => [x]),
        ).map((row) => [...row, 1]),
      );
      const coef = solve(A.transpose().mmul(A), A.transpose().mmul(Matrix.columnVector(target)));
      const residual = A.mmul(coef)
        .to1DArray()
        .map((v, i) => v - target[i]);
      assert.ok(
        Math.max(...residual.map(Math.abs)) < 1e-5,
        `residual ${Math.max(...residual.map(Math.abs))}`,
      );
    }
  });

  it("refuses unsorted, duplicate or non-finite knots and bad options, naming the fix", () => {
    const layer = (spec: object) => () => layersOf({ inDim: 2, layers: [{ kind: "hinge", ...spec }] });
    assert.throws(
      layer({ knots: [0, 1, 0.5] }),
      /knots: knot 2 \(0.5\) is below knot 1 \(1\); knots must be strictly increasing \(sort them and drop duplicates\)/,
    );
    assert.throws(layer({ knots: [0, 1, 1] }), /knot 2 \(1\) is a duplicate of knot 1/);
    assert.throws(
      layer({
        knots: [
          [0, 1],
          [0, NaN],
        ],
      }),
      /knots\[1\]: knot 1 is the number NaN; knots must be finite numbers/,
    );
    assert.throws(
      layer({ knots: [[0, 1]] }),
      /knots has 1 lists but the layer has 2 inputs; give one per input/,
    );
    assert.throws(layer({ knots: 0 }), /knots must be an integer ≥ 1 or a sorted list; got 0/);
    assert.throws(
      layer({ knots: 3, range: [1, 1] }),
      /range must be \[lo, hi\] with finite lo < hi; got \[1,1\]/,
    );
    assert.throws(layer({ knots: 3, signs: "negative" }), /signs must be "positive" or "both"/);
    assert.throws(layer({ knot: 3 }), /knot.*knots/);
  });
});

describeOnBackends("hinge layer gradients", () => {
  it("the hand-written backward pass (dense's) matches tf.grads, trainable and below a trained layer", async () => {
    const arch = {
      inDim: 2,
      layers: [
        { kind: "dense", units: 3, activation: "linear" },
        { kind: "hinge", knots: 4, signs: "both", frozen: false },
        { kind: "dense", units: 2 },
      ],
    };
    const params = initParams(arch, { seed: 4 });
    const X = tf.tensor2d([
      [0.3, -0.2],
      [0.8, 0.1],
      [-0.5, 0.9],
    ]);
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
    await assertNoLeaks(() => {
      const hand = lossAndGrads(arch, params, X, y, { loss: "softmaxCrossEntropy" });
      const auto = lossAndGrads(arch, params, X, y, { loss: "softmaxCrossEntropy", autodiff: true });
      for (const name of Object.keys(params))
        assertClose(hand.grads[name].dataSync(), auto.grads[name].dataSync(), 2e-6);
      tf.dispose([hand, auto] as never);
    });
    disposeParams(params);
    tf.dispose([X, y]);
  });
});

describe("randomRelu layer and masks on ordered layers", () => {
  it("draws hyperplanes through points of its box, frozen by default, seeded", () => {
    const arch = {
      inDim: 1,
      layers: [
        { kind: "randomRelu", units: 200, range: [2, 3] },
        { kind: "dense", units: 1 },
      ],
    };
    assert.equal(layersOf(arch)[0].frozen, true);
    const [a, b] = [initParams(arch, { seed: 4 }), initParams(arch, { seed: 4 })];
    assert.deepEqual(a["randomRelu0/kernel"].dataSync(), b["randomRelu0/kernel"].dataSync());
    const [w, bias] = [a["randomRelu0/kernel"].dataSync(), a["randomRelu0/bias"].dataSync()];
    const knots = Array.from(w, (wj, j) => -bias[j] / wj);
    assert.ok(
      knots.every((t) => t >= 2 - 1e-5 && t <= 3 + 1e-5),
      "every knot inside the box",
    );
    disposeParams(a);
    disposeParams(b);
  });

  it("a mask on a trainable hinge layer keeps its masked weights at exactly 0", async () => {
    const arch = {
      inDim: 2,
      layers: [
        { kind: "hinge", knots: 3, frozen: false },
        { kind: "dense", units: 1 },
      ],
    };
    const init = initParams(arch, { seed: 0 });
    // Keep only the structured entries (each unit reads its own coordinate) and one off-block weight.
    const structure = tf.tidy(() =>
      tf
        .notEqual(init["hinge0/kernel"], 0)
        .toFloat()
        .add(
          tf
            .oneHot([1], 6)
            .reshape([1, 6])
            .pad([
              [1, 0],
              [0, 0],
            ]),
        )
        .minimum(1),
    );
    const mask = Mask.fromTensors({ "hinge0/kernel": structure });
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const data = regressionDataset(
      "r",
      x,
      Float32Array.from({ length: 20 }, (_, i) => x[2 * i] * x[2 * i + 1]),
      2,
      1,
    );
    const r = await train(
      arch,
      init,
      { train: data },
      { optimizer: { kind: "adam", lr: 0.05 }, seed: 0, numSteps: 50, mask, handleSigint: false },
    );
    const [trained, m] = [r.params["hinge0/kernel"].dataSync(), mask.get("hinge0/kernel")!.dataSync()];
    m.forEach((keep, i) => keep === 0 && assert.equal(trained[i], 0, `masked weight ${i}`));
    assert.notDeepEqual(
      Array.from(trained),
      Array.from(init["hinge0/kernel"].dataSync()),
      "the kept weights trained",
    );
    [init, r.params].forEach(disposeParams);
    mask.dispose();
  });
});
