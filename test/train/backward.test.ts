import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ACTIVATIONS, type Activation } from "../../lib/core/activations";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { lossAndGrads, type LossAndGrads } from "../../lib/train/backward";
import { type LossName, computeLoss } from "../../lib/train/loss";
import { plainLayers } from "../helpers/plain-mlp";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";

useBackend();

const LOSSES: readonly LossName[] = ["softmaxCrossEntropy", "mse"];

/** The textbook MLP's output (see `plainLayers`). */
function plainForward(
  params: Params,
  X: tf.Tensor2D,
  activation: Activation,
  numLayers: number,
): tf.Tensor2D {
  const layers = plainLayers(params, X, activation, numLayers);
  return layers[layers.length - 1];
}

/** Targets for `loss`: one-hot classes for cross-entropy, Gaussian values for MSE. */
function targets(loss: LossName, batch: number, outDim: number, seed: number): tf.Tensor2D {
  if (loss === "mse") return normalTensor([batch, outDim], seed) as tf.Tensor2D;
  const labels = Array.from({ length: batch }, (_, i) => (i * 7 + seed) % outDim);
  return tf.oneHot(tf.tensor1d(labels, "int32"), outDim).toFloat() as tf.Tensor2D;
}

/** Asserts gradients agree to float32 rounding, relative to the largest entry (at least 1). */
function assertGradClose(actual: tf.Tensor, expected: tf.Tensor, what: string, rel = 2e-5): void {
  assert.deepEqual(actual.shape, expected.shape, what);
  const e = expected.dataSync();
  const scale = Math.max(1, ...Array.from(e, Math.abs));
  const a = actual.dataSync();
  for (let i = 0; i < e.length; i++) {
    assert.ok(Math.abs(a[i] - e[i]) <= rel * scale, `${what}[${i}]: ${a[i]} vs ${e[i]} (scale ${scale})`);
  }
}

const SUBSETS: readonly (readonly string[])[] = [
  ["dense2/kernel", "dense2/bias"],
  ["dense0/kernel"],
  ["dense1/bias", "dense0/kernel"],
  ["dense1/kernel"],
  ["dense0/bias", "dense2/bias"],
];

describeOnBackends("lossAndGrads", () => {
  for (const activation of ACTIVATIONS) {
    for (const loss of LOSSES) {
      it(`${activation} + ${loss}: hand-written = autodiff: true = tf.grads of the plain network`, () => {
        const arch = mlp([6, 8, 5, 3], { activation });
        const params = initParams(arch, { seed: 3, biasValue: 0.05 });
        tf.tidy(() => {
          const X = normalTensor([10, 6], 4) as tf.Tensor2D;
          const y = targets(loss, 10, 3, 5);
          const names = Object.keys(params);
          const f = (...values: tf.Tensor[]) => {
            const p = Object.fromEntries(names.map((n, i) => [n, values[i]]));
            return computeLoss(loss, plainForward(p, X, activation, 3), y);
          };
          const oracle = tf.valueAndGrads(f)(names.map((n) => params[n]));
          const hand = lossAndGrads(arch, params, X, y, { loss });
          const auto = lossAndGrads(arch, params, X, y, { loss, autodiff: true });
          assert.deepEqual(Object.keys(hand.grads).sort(), [...names].sort());
          assert.deepEqual(Object.keys(auto.grads).sort(), [...names].sort());
          assertClose(hand.loss.dataSync(), oracle.value.dataSync(), 1e-5);
          assertClose(auto.loss.dataSync(), oracle.value.dataSync(), 1e-5);
          names.forEach((n, i) => {
            assertGradClose(hand.grads[n], auto.grads[n], `${n} hand vs autodiff`);
            assertGradClose(hand.grads[n], oracle.grads[i], `${n} hand vs plain tf.grads`);
          });
          for (const subset of SUBSETS) {
            const wanted = new Set(subset);
            const some = lossAndGrads(arch, params, X, y, { loss, wanted });
            const someAuto = lossAndGrads(arch, params, X, y, { loss, wanted, autodiff: true });
            assert.deepEqual(Object.keys(some.grads).sort(), [...subset].sort(), `wanted ${subset}`);
            assert.deepEqual(Object.keys(someAuto.grads).sort(), [...subset].sort(), `wanted ${subset}`);
            assert.deepEqual(some.loss.dataSync(), hand.loss.dataSync());
            for (const n of subset) {
              assert.deepEqual(
                some.grads[n].dataSync(),
                hand.grads[n].dataSync(),
                `${n} of ${subset}: same ops`,
              );
              assertGradClose(someAuto.grads[n], auto.grads[n], `${n} of ${subset} (autodiff)`);
            }
          }
        });
        disposeParams(params);
      });
    }
  }

  it("leaks nothing on either path, with or without a wanted subset (checked outside tf.tidy)", async () => {
    for (const activation of ["relu", "silu"] as const) {
      const arch = mlp([4, 6, 5, 3], { activation });
      const params = initParams(arch, { seed: 1 });
      const X = normalTensor([7, 4], 2) as tf.Tensor2D;
      for (const loss of LOSSES) {
        const y = targets(loss, 7, 3, 3);
        for (const autodiff of [false, true]) {
          for (const wanted of [undefined, new Set(["dense1/kernel"]), new Set<string>()]) {
            await assertNoLeaks(() => {
              const r: LossAndGrads = lossAndGrads(arch, params, X, y, { loss, wanted, autodiff });
              assert.equal(Object.keys(r.grads).length, wanted?.size ?? 6);
              tf.dispose([r.loss, ...Object.values(r.grads)]);
            });
          }
        }
        y.dispose();
      }
      X.dispose();
      disposeParams(params);
    }
  });

  describe("finite differences in float64 on a tiny net", () => {
    for (const activation of ["tanh", "silu", "squaredRelu"] as const) {
      for (const loss of LOSSES) {
        it(`${activation} + ${loss}: every gradient entry equals the central difference of a host float64 net`, () => {
          const arch = mlp([2, 3, 2], { activation });
          const params = initParams(arch, { seed: 11, biasValue: 0.2 });
          const X = normalTensor([5, 2], 12) as tf.Tensor2D;
          const y = targets(loss, 5, 2, 13);
          const r = lossAndGrads(arch, params, X, y, { loss });
          const host = hostNet(activation, loss, X, y);
          const theta = Object.fromEntries(
            Object.entries(params).map(([n, t]) => [n, Array.from(t.dataSync())]),
          );
          assertClose(r.loss.dataSync(), [host(theta)], 1e-6);
          const h = 1e-6;
          for (const [name, values] of Object.entries(theta)) {
            const grad = r.grads[name].dataSync();
            values.forEach((v, i) => {
              const at = (d: number) =>
                host({ ...theta, [name]: values.map((w, j) => (j === i ? v + d : w)) });
              const fd = (at(h) - at(-h)) / (2 * h);
              assert.ok(
                Math.abs(grad[i] - fd) < 1e-5,
                `${name}[${i}]: ${grad[i]} vs finite difference ${fd}`,
              );
            });
          }
          tf.dispose([X, y, r.loss, ...Object.values(r.grads)]);
          disposeParams(params);
        });
      }
    }
  });
});

/** The [2, 3, 2] MLP's loss in float64 on the host, as a function of its params (the finite-difference oracle). */
function hostNet(
  activation: "tanh" | "silu" | "squaredRelu",
  loss: LossName,
  Xt: tf.Tensor2D,
  yt: tf.Tensor2D,
): (theta: Record<string, number[]>) => number {
  const act = {
    tanh: Math.tanh,
    silu: (z: number) => z / (1 + Math.exp(-z)),
    squaredRelu: (z: number) => Math.max(z, 0) ** 2,
  }[activation];
  const X = Xt.arraySync();
  const y = yt.arraySync();
  const dense = (h: number[], W: number[], b: number[], outDim: number) =>
    Array.from({ length: outDim }, (_, j) => h.reduce((s, hi, i) => s + hi * W[i * outDim + j], b[j]));
  return (theta) => {
    let total = 0;
    X.forEach((x, n) => {
      const hidden = dense(x, theta["dense0/kernel"], theta["dense0/bias"], 3).map(act);
      const out = dense(hidden, theta["dense1/kernel"], theta["dense1/bias"], 2);
      if (loss === "mse") {
        total += out.reduce((s, o, k) => s + (o - y[n][k]) ** 2, 0) / out.length;
      } else {
        const m = Math.max(...out);
        const logZ = m + Math.log(out.reduce((s, o) => s + Math.exp(o - m), 0));
        total -= out.reduce((s, o, k) => s + y[n][k] * (o - logZ), 0);
      }
    });
    return total / X.length;
  };
}

describe("lossAndGrads: bad input", () => {
  it("rejects params, X and y that do not fit the architecture", async () => {
    const arch = mlp([4, 5, 3]);
    const params = initParams(arch, { seed: 1 });
    const X = tf.zeros([2, 4]) as tf.Tensor2D;
    const X3 = tf.zeros([2, 3]) as tf.Tensor2D;
    const y3 = tf.zeros([2, 3]) as tf.Tensor2D;
    const y4 = tf.zeros([2, 4]) as tf.Tensor2D;
    await assertNoLeaks(() => {
      for (const autodiff of [false, true]) {
        assert.throws(() => lossAndGrads(arch, params, X3, y3, { loss: "mse", autodiff }), {
          message: "X must be [batch, 4] for these params; got [2,3]",
        });
        assert.throws(() => lossAndGrads(arch, params, X, y4, { loss: "mse", autodiff }), {
          message: "y must be [2, 3] to match X and the output layer; got [2,4]",
        });
        assert.throws(() => lossAndGrads(mlp([4, 6, 3]), params, X, y3, { loss: "mse", autodiff }), {
          message: "lossAndGrads: dense0/kernel is [4,5] but the architecture makes it [4,6]",
        });
      }
    });
    tf.dispose([X, X3, y3, y4]);
    disposeParams(params);
  });
});
