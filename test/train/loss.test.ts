import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  accuracy,
  checkLabels,
  checkLossName,
  computeLoss,
  lossAndGradient,
  meanSquaredError,
  softmaxCrossEntropy,
} from "../../lib/train/loss";
import { normalTensor } from "../../lib/core/rng";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("losses", () => {
  it("match closed forms: uniform logits give log k, MSE of known vectors", () => {
    tf.tidy(() => {
      const y = tf.oneHot([0, 3], 4).toFloat() as tf.Tensor2D;
      assertClose([softmaxCrossEntropy(tf.zeros([2, 4]) as tf.Tensor2D, y).dataSync()[0]], [Math.log(4)]);
      const logits = tf.tensor2d([
        [2, 0, 0, 0],
        [0, 0, 0, 5],
      ]);
      const expected = (Math.log(Math.exp(2) + 3) - 2 + Math.log(Math.exp(5) + 3) - 5) / 2;
      assertClose([softmaxCrossEntropy(logits, y).dataSync()[0]], [expected]);
      const mse = meanSquaredError(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d([
          [1, 0],
          [0, 4],
        ]),
      );
      assertClose([mse.dataSync()[0]], [(0 + 4 + 9 + 0) / 4]);
    });
  });

  it("agree with tfjs's own losses", () => {
    tf.tidy(() => {
      const yHat = normalTensor([8, 5], 1) as tf.Tensor2D;
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], "int32"), 5).toFloat() as tf.Tensor2D;
      assertClose(softmaxCrossEntropy(yHat, y).dataSync(), tf.losses.softmaxCrossEntropy(y, yHat).dataSync());
      assertClose(meanSquaredError(yHat, y).dataSync(), tf.losses.meanSquaredError(y, yHat).dataSync());
    });
  });

  for (const name of ["softmaxCrossEntropy", "mse"] as const) {
    it(`${name}: the loss and its closed-form gradient leak nothing (checked outside tf.tidy)`, async () => {
      const yHat = normalTensor([6, 4], 2) as tf.Tensor2D;
      const y = tf.softmax(normalTensor([6, 4], 3)) as tf.Tensor2D;
      await assertNoLeaks(() => {
        const { loss, dYHat } = lossAndGradient(name, yHat, y);
        tf.dispose([loss, dYHat, computeLoss(name, yHat, y)]);
      });
      tf.dispose([yHat, y]);
    });

    it(`${name}: the closed-form gradient equals tf.grad and finite differences`, () => {
      tf.tidy(() => {
        const yHat = normalTensor([6, 4], 2) as tf.Tensor2D;
        const y = tf.softmax(normalTensor([6, 4], 3)) as tf.Tensor2D;
        const { loss, dYHat } = lossAndGradient(name, yHat, y);
        assertClose(loss.dataSync(), computeLoss(name, yHat, y).dataSync(), 1e-6);
        const auto = tf.grad((z: tf.Tensor) => computeLoss(name, z as tf.Tensor2D, y))(yHat);
        assertClose(dYHat.dataSync(), auto.dataSync(), 1e-6);
        // Central differences in float64 on the host.
        const z0 = Array.from(yHat.dataSync());
        const f = (z: number[]) => computeLoss(name, tf.tensor2d(z, [6, 4]), y).dataSync()[0];
        const h = 1e-2;
        for (const i of [0, 5, 13, 23]) {
          const plus = [...z0];
          const minus = [...z0];
          plus[i] += h;
          minus[i] -= h;
          assertClose([(f(plus) - f(minus)) / (2 * h)], [dYHat.dataSync()[i]], 2e-3);
        }
      });
    });
  }

  it("counts accuracy from argmax, and rejects mismatched shapes with exact messages", () => {
    tf.tidy(() => {
      const yHat = tf.tensor2d([
        [0.1, 0.9],
        [0.8, 0.2],
        [0.3, 0.7],
      ]);
      assert.equal(accuracy(yHat, [1, 0, 0]), 2 / 3);
      assert.equal(accuracy(yHat, tf.tensor1d([1, 0, 1], "int32")), 1);
      assert.throws(
        () => accuracy(yHat, [1, 0]),
        /accuracy: yHat must be \[batch, numClasses\] with batch = 2; got \[3,2\]/,
      );
      assert.throws(
        () => softmaxCrossEntropy(yHat, tf.zeros([3, 3]) as tf.Tensor2D),
        /softmaxCrossEntropy: yHat and y must both be \[batch, outDim\]; got \[3,2\] and \[3,3\]/,
      );
      assert.throws(() => computeLoss("hinge" as "mse", yHat, yHat), /unknown loss "hinge"/);
    });
  });

  it("accuracy rejects labels outside [0, numClasses) and non-integer labels (they matched no logit)", () => {
    const yHat = tf.tensor2d([
      [0.1, 0.9],
      [0.8, 0.2],
    ]);
    assert.throws(() => accuracy(yHat, [1, 2]), {
      message: "accuracy: label 2 at example 1 is not a class index in [0, 2)",
    });
    assert.throws(() => accuracy(yHat, [-1, 0]), {
      message: "accuracy: label -1 at example 0 is not a class index in [0, 2)",
    });
    assert.throws(() => accuracy(yHat, [0.5, 0]), {
      message: "accuracy: label 0.5 at example 0 is not a class index in [0, 2)",
    });
    assert.throws(() => accuracy(yHat, [NaN, 0]), {
      message: "accuracy: label NaN at example 0 is not a class index in [0, 2)",
    });
    const labels = tf.tensor1d([1, 7], "int32");
    assert.throws(() => accuracy(yHat, labels), {
      message: "accuracy: label 7 at example 1 is not a class index in [0, 2)",
    });
    tf.dispose([yHat, labels]);
  });

  it("checkLossName and checkLabels name the caller", () => {
    checkLossName("mse", "evaluate");
    assert.throws(() => checkLossName(3, "evaluate"), {
      message: 'evaluate: unknown loss "3"; use "softmaxCrossEntropy" or "mse"',
    });
    checkLabels([0, 2, 1], 3, "x");
    assert.throws(() => checkLabels([0, 3], 3, "x"), {
      message: "x: label 3 at example 1 is not a class index in [0, 3)",
    });
  });
});
