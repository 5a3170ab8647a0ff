import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Params } from "../../lib/core/params";
import { type AdamConfig, adam as adamKind } from "../../lib/optim/adam";
import { type MomentumConfig, momentum as momentumKind } from "../../lib/optim/momentum";
import type { Optimizer } from "../../lib/optim/optimizer";
import { type SgdConfig, sgd as sgdKind } from "../../lib/optim/sgd";
import { normalTensor } from "../../lib/core/rng";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

// Each kind's own factory, as the registry calls it after checking the option keys and types.
type Options = Readonly<Record<string, number | boolean>> & { readonly lr: number };
const sgd = (options: Options) => sgdKind.create({ kind: "sgd", ...options } as SgdConfig);
const momentum = (options: Options) =>
  momentumKind.create({ kind: "momentum", ...options } as MomentumConfig);
const adam = (options: Options) => adamKind.create({ kind: "adam", ...options } as AdamConfig);

/** Runs `numSteps` updates with fixed random gradients through ours and through a tf.train optimizer. */
function compare(ours: Optimizer, theirs: tf.Optimizer, numSteps = 5): void {
  let params: Params = { w: normalTensor([4, 3], 1), b: normalTensor([3], 2) };
  const vars = { w: tf.variable(params.w.clone()), b: tf.variable(params.b.clone()) };
  for (let s = 0; s < numSteps; s++) {
    const grads = { w: normalTensor([4, 3], 10 + s), b: normalTensor([3], 20 + s) };
    const next = ours.step(params, grads);
    tf.dispose(Object.values(params));
    params = next;
    theirs.applyGradients({ [vars.w.name]: grads.w, [vars.b.name]: grads.b });
    tf.dispose(Object.values(grads));
  }
  assertClose(params.w.dataSync(), vars.w.dataSync(), 1e-5);
  assertClose(params.b.dataSync(), vars.b.dataSync(), 1e-5);
  tf.dispose([...Object.values(params), vars.w, vars.b]);
  ours.dispose();
  theirs.dispose();
}

describe("optimizers", () => {
  it("sgd matches tf.train.sgd and the closed form with weight decay", async () => {
    compare(sgd({ lr: 0.1 }), tf.train.sgd(0.1));
    tf.tidy(() => {
      const out = sgd({ lr: 0.5, weightDecay: 0.1 }).step(
        { w: tf.tensor1d([2, -4]) },
        { w: tf.tensor1d([1, 1]) },
      );
      assertClose(out.w.dataSync(), [2 - 0.5 * (1 + 0.2), -4 - 0.5 * (1 - 0.4)]);
    });
  });

  it("momentum matches tf.train.momentum, plain and Nesterov", async () => {
    compare(momentum({ lr: 0.05, momentum: 0.9 }), tf.train.momentum(0.05, 0.9));
    compare(momentum({ lr: 0.05, momentum: 0.8, nesterov: true }), tf.train.momentum(0.05, 0.8, true));
  });

  it("adam matches tf.train.adam, and a weight with zero gradient never moves", async () => {
    compare(adam({ lr: 0.01, epsilon: 1e-7 }), tf.train.adam(0.01, 0.9, 0.999, 1e-7), 8);
    await assertNoLeaks(() => {
      const opt = adam({ lr: 0.1 });
      let w: tf.Tensor = tf.tensor1d([0, 1]);
      for (let s = 0; s < 5; s++) {
        const g = tf.tensor1d([0, 1]);
        const next = opt.step({ w }, { w: g }).w;
        tf.dispose([w, g]);
        w = next;
      }
      assert.equal(w.dataSync()[0], 0);
      assertClose([w.dataSync()[1]], [1 - 5 * 0.1], 1e-5);
      w.dispose();
      opt.dispose();
    });
  });

  it("free all their state on dispose (tf.train's own optimizers are not leak-checked)", async () => {
    for (const make of [() => sgd({ lr: 0.1 }), () => momentum({ lr: 0.1 }), () => adam({ lr: 0.1 })]) {
      await assertNoLeaks(() => {
        const opt = make();
        let params: Params = { w: normalTensor([4, 3], 1) };
        for (let s = 0; s < 3; s++) {
          const grads = { w: normalTensor([4, 3], s) };
          const next = opt.step(params, grads);
          tf.dispose([params.w, grads.w]);
          params = next;
        }
        params.w.dispose();
        opt.dispose();
      });
    }
  });

  it("rejects bad hyperparameter values with exact messages", () => {
    assert.throws(() => sgd({ lr: 0 }), { message: "sgd: lr must be a finite number > 0; got 0" });
    assert.throws(() => sgd({ lr: 1, weightDecay: -1 }), {
      message: "sgd: weightDecay must be in [0, Infinity); got -1",
    });
    assert.throws(() => momentum({ lr: NaN }), {
      message: "momentum: lr must be a finite number > 0; got NaN",
    });
    assert.throws(() => momentum({ lr: 1, momentum: 1 }), {
      message: "momentum: momentum must be in [0, 1); got 1",
    });
    assert.throws(() => adam({ lr: Infinity }), {
      message: "adam: lr must be a finite number > 0; got Infinity",
    });
    assert.throws(() => adam({ lr: 1, beta2: -0.1 }), { message: "adam: beta2 must be in [0, 1); got -0.1" });
    assert.throws(() => adam({ lr: 1, epsilon: 0 }), { message: "adam: epsilon must be > 0; got 0" });
  });
});
