import { it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ACTIVATIONS, LEAKY_RELU_ALPHA } from "../../lib/core/activations";
import { mlp } from "../../lib/core/architecture";
import { forward, layerOutputs } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { plainLayers } from "../helpers/plain-mlp";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";

useBackend();

const SIZES = [5, 7, 6, 3];

describeOnBackends("forward", () => {
  for (const activation of ACTIVATIONS) {
    it(`equals the plain matMul + bias + ${activation} network, layer by layer`, async () => {
      const arch = mlp(SIZES, { activation });
      const params = initParams(arch, { seed: 1, biasValue: 0.1 });
      const X = normalTensor([4, 5], 2) as tf.Tensor2D;
      await assertNoLeaks(() => {
        const yHat = forward(arch, params, X);
        const layers = layerOutputs(arch, params, X);
        tf.tidy(() => {
          const plain = plainLayers(params, X, activation, 3);
          assertClose(yHat.dataSync(), plain[2].dataSync(), 1e-5);
          assert.deepEqual(
            layers.map((h) => h.shape),
            [
              [4, 7],
              [4, 6],
              [4, 3],
            ],
          );
          layers.forEach((h, l) => assertClose(h.dataSync(), plain[l].dataSync(), 1e-5));
          assert.deepEqual(layers[2].dataSync(), yHat.dataSync(), "the last layer output is forward's");
        });
        tf.dispose([yHat, ...layers]);
      });
      tf.dispose(X);
      disposeParams(params);
    });
  }

  it("runs ReLU-like layers as one fused matMul, bit for bit as the pre-redesign forward did", () => {
    for (const [activation, fused] of [
      ["relu", "relu"],
      ["leakyRelu", "leakyrelu"],
      ["linear", "linear"],
    ] as const) {
      const arch = mlp([5, 8, 3], { activation });
      const params = initParams(arch, { seed: 3, biasValue: 0.05 });
      tf.tidy(() => {
        const X = normalTensor([6, 5], 4) as tf.Tensor2D;
        const layer = (h: tf.Tensor2D, l: number, act: "relu" | "leakyrelu" | "linear") =>
          tf.fused.matMul({
            a: h,
            b: params[`dense${l}/kernel`] as tf.Tensor2D,
            bias: params[`dense${l}/bias`],
            activation: act,
            leakyreluAlpha: LEAKY_RELU_ALPHA,
          }) as tf.Tensor2D;
        const old = layer(layer(X, 0, fused), 1, "linear");
        assert.deepEqual(forward(arch, params, X).dataSync(), old.dataSync(), activation);
      });
      disposeParams(params);
    }
  });
});

it("rejects inputs and params that do not fit the architecture, leaking nothing", async () => {
  const arch = mlp([5, 4, 3]);
  const params = initParams(arch, { seed: 0 });
  const wrongWidth = tf.zeros([4, 6]) as tf.Tensor2D;
  const oneD = tf.zeros([5]) as unknown as tf.Tensor2D;
  await assertNoLeaks(() => {
    assert.throws(() => forward(arch, params, wrongWidth), {
      message: "forward: X must be [batch, 5] for this architecture; got [4,6]",
    });
    assert.throws(() => forward(arch, params, oneD), {
      message: "forward: X must be [batch, 5] for this architecture; got [5]",
    });
    assert.throws(() => layerOutputs(arch, params, wrongWidth), {
      message: "layerOutputs: X must be [batch, 5] for this architecture; got [4,6]",
    });
    assert.throws(() => forward(mlp([5, 4, 3, 2]), params, wrongWidth), {
      message: "forward: params have no dense2/kernel [3,2]",
    });
  });
  tf.dispose([wrongWidth, oneD]);
  disposeParams(params);
});
