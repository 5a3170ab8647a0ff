import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../../../lib/core/architecture";
import { paramShapes } from "../../../lib/core/architecture";
import { forward } from "../../../lib/core/forward";
import { initParams } from "../../../lib/core/init";
import { disposeParams, type Params } from "../../../lib/core/params";
import { normalTensor } from "../../../lib/core/rng";
import { lossAndGrads } from "../../../lib/train/backward";
import { computeLoss } from "../../../lib/train/loss";
import { assertNoLeaks, useBackend } from "../../helpers/tf";

useBackend();

const arch: Architecture = {
  inDim: 12,
  layers: [
    { kind: "attention", tokens: 4, dModel: 5, mlpUnits: 6 },
    { kind: "dense", units: 3 },
  ],
};

describe("attention layer kind", () => {
  it("maps [batch, tokens·f] to [batch, tokens·dModel] with the documented param shapes", () => {
    assert.deepEqual(paramShapes(arch)["attention0/embed"], [3, 5]);
    assert.deepEqual(paramShapes(arch)["attention0/w1"], [5, 6]);
    assert.deepEqual(paramShapes(arch)["dense1/kernel"], [20, 3]);
    assert.throws(
      () => paramShapes({ inDim: 10, layers: [{ kind: "attention", tokens: 4, dModel: 5 }] }),
      /tokens \(4\) must divide the input width 10/,
    );
  });

  it("is equivariant to permuting the tokens when positions are zero", () => {
    const params = initParams(arch, { seed: 1 });
    tf.tidy(() => {
      const p: Params = { ...params, "attention0/pos": tf.zerosLike(params["attention0/pos"]) };
      const X = normalTensor([2, 12], 3) as tf.Tensor2D;
      const perm = [2, 0, 3, 1];
      const permuteTokens = (t: tf.Tensor2D, f: number) =>
        tf.reshape(tf.gather(tf.reshape(t, [2, 4, f]), perm, 1), [2, 4 * f]) as tf.Tensor2D;
      const layerOnly: Architecture = { inDim: 12, layers: [arch.layers[0]] };
      const lp = Object.fromEntries(Object.entries(p).filter(([n]) => n.startsWith("attention0/")));
      const a = permuteTokens(forward(layerOnly, lp, X), 5).dataSync();
      const b = forward(layerOnly, lp, permuteTokens(X, 3)).dataSync();
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5);
    });
    disposeParams(params);
  });

  it("trains through tf.grads: its gradients match central finite differences", async () => {
    const params = initParams(arch, { seed: 2, biasValue: 0.05 });
    const X = normalTensor([6, 12], 4) as tf.Tensor2D;
    const y = tf.oneHot([0, 1, 2, 0, 1, 2], 3).toFloat() as tf.Tensor2D;
    await assertNoLeaks(() => {
      const { loss, grads } = lossAndGrads(arch, params, X, y, { loss: "softmaxCrossEntropy" });
      const lossAt = (p: Params) =>
        tf.tidy(() => computeLoss("softmaxCrossEntropy", forward(arch, p, X), y).dataSync()[0]);
      const eps = 1e-2;
      for (const name of Object.keys(params)) {
        const g = grads[name].dataSync();
        const base = params[name].dataSync();
        for (const i of [0, Math.floor(base.length / 2), base.length - 1]) {
          const shifted = (delta: number) => {
            const values = Float32Array.from(base);
            values[i] += delta;
            const t = tf.tensor(values, params[name].shape);
            const value = lossAt({ ...params, [name]: t });
            t.dispose();
            return value;
          };
          const fd = (shifted(eps) - shifted(-eps)) / (2 * eps);
          assert.ok(
            Math.abs(fd - g[i]) < 2e-3 + 2e-2 * Math.abs(fd),
            `${name}[${i}]: finite difference ${fd} vs gradient ${g[i]}`,
          );
        }
      }
      tf.dispose([loss, ...Object.values(grads)]);
    });
    tf.dispose([X, y]);
    disposeParams(params);
  });
});
