import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type Activation, activate, forward, hiddenActivations } from "../../lib/core/forward";
import { initMlp } from "../../lib/core/init";
import { type LossName, computeLoss } from "../../lib/train/loss";
import { mlpLossAndGrads } from "../../lib/train/mlp-grads";
import { disposeParams, type Params } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

/** The textbook forward pass with separate matMul, add and activation ops (the oracle). */
function plainForward(params: Params, X: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  const n = Object.keys(params).length / 2;
  let h = X;
  for (let l = 0; l < n; l++) {
    const z = tf.add(
      tf.matMul(h, params[`dense${l}/kernel`] as tf.Tensor2D),
      params[`dense${l}/bias`],
    ) as tf.Tensor2D;
    h = l < n - 1 ? activate(z, activation) : z;
  }
  return h;
}

describe("forward", () => {
  it("equals the plain matMul + bias + activation network (fused kernel), and exposes hidden layers", () => {
    const params = initMlp([5, 7, 6, 3], { seed: 1, biasValue: 0.1 });
    tf.tidy(() => {
      const X = normalTensor([4, 5], 2) as tf.Tensor2D;
      for (const act of ["relu", "leakyRelu", "linear"] as const) {
        assertClose(forward(params, X, act).dataSync(), plainForward(params, X, act).dataSync(), 1e-5);
      }
      const hidden = hiddenActivations(params, X);
      assert.deepEqual(
        hidden.map((h) => h.shape),
        [
          [4, 7],
          [4, 6],
        ],
      );
      assert.throws(
        () => forward(params, tf.zeros([4, 6]) as tf.Tensor2D),
        /forward: X must be \[batch, 5\]/,
      );
    });
    disposeParams(params);
  });
});

describe("mlpLossAndGrads (hand-written backward pass)", () => {
  const cases: [Activation, LossName][] = [
    ["relu", "softmaxCrossEntropy"],
    ["leakyRelu", "softmaxCrossEntropy"],
    ["linear", "mse"],
    ["relu", "mse"],
  ];
  for (const [activation, loss] of cases) {
    it(`equals tf.grads for ${activation} + ${loss}`, async () => {
      const params = initMlp([6, 8, 5, 3], { seed: 3, biasValue: 0.05 });
      await assertNoLeaks(() =>
        tf.tidy(() => {
          const X = normalTensor([10, 6], 4) as tf.Tensor2D;
          const y = (
            loss === "mse"
              ? normalTensor([10, 3], 5)
              : tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], "int32"), 3).toFloat()
          ) as tf.Tensor2D;
          const names = Object.keys(params);
          const f = (...values: tf.Tensor[]) => {
            const p = Object.fromEntries(names.map((n, i) => [n, values[i]]));
            return computeLoss(loss, plainForward(p, X, activation), y);
          };
          const { value, grads } = tf.valueAndGrads(f)(names.map((n) => params[n]));
          const hand = mlpLossAndGrads(params, X, y, { loss, activation });
          assertClose(hand.loss.dataSync(), value.dataSync(), 1e-5);
          names.forEach((n, i) => assertClose(hand.grads[n].dataSync(), grads[i].dataSync(), 1e-5));
        }),
      );
      disposeParams(params);
    });
  }

  it("computes only the wanted gradients", () => {
    const params = initMlp([4, 5, 3], { seed: 1 });
    tf.tidy(() => {
      const X = normalTensor([2, 4], 1) as tf.Tensor2D;
      const y = tf.oneHot([0, 2], 3).toFloat() as tf.Tensor2D;
      const all = mlpLossAndGrads(params, X, y, { loss: "softmaxCrossEntropy" });
      const some = mlpLossAndGrads(params, X, y, {
        loss: "softmaxCrossEntropy",
        wanted: new Set(["dense0/kernel"]),
      });
      assert.deepEqual(Object.keys(some.grads), ["dense0/kernel"]);
      assert.deepEqual(some.grads["dense0/kernel"].dataSync(), all.grads["dense0/kernel"].dataSync());
    });
    disposeParams(params);
  });

  it("rejects X and y that do not fit the params", () => {
    const params = initMlp([4, 5, 3], { seed: 1 });
    tf.tidy(() => {
      const X = tf.zeros([2, 4]) as tf.Tensor2D;
      assert.throws(
        () =>
          mlpLossAndGrads(params, tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([2, 3]) as tf.Tensor2D, {
            loss: "mse",
          }),
        /X must be \[batch, 4\] for these params; got \[2,3\]/,
      );
      assert.throws(
        () => mlpLossAndGrads(params, X, tf.zeros([2, 4]) as tf.Tensor2D, { loss: "mse" }),
        /y must be \[2, 3\] to match X and the output layer; got \[2,4\]/,
      );
    });
    disposeParams(params);
  });
});
