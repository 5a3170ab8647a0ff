import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { twoMoons } from "../../lib/data/synthetic-2d";
import { adam } from "../../lib/optim/adam";
import type { OptimizerConfig, OptimizerKind } from "../../lib/optim/optimizer";
import { OPTIMIZERS, makeOptimizer, registerOptimizer } from "../../lib/optim/registry";
import { lossAndGrads } from "../../lib/train/backward";
import { BatchSampler } from "../../lib/train/batches";
import { train } from "../../lib/train/train";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const fails = (config: unknown, message: string) =>
  assert.throws(() => makeOptimizer(config as OptimizerConfig), { message });

describe("makeOptimizer", () => {
  it("dispatches every built-in kind through the registry", () => {
    assert.deepEqual(OPTIMIZERS.kinds.slice(0, 3), ["sgd", "momentum", "adam"]);
    for (const config of [
      { kind: "sgd", lr: 0.1 },
      { kind: "sgd", lr: 0.1, weightDecay: 1e-4 },
      { kind: "momentum", lr: 0.1, momentum: 0.8, nesterov: true },
      { kind: "adam", lr: 1e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 },
    ]) {
      const opt = makeOptimizer(config);
      assert.match(opt.name, new RegExp(`^${config.kind}\\(lr=${config.lr}`));
      opt.dispose();
    }
  });

  it("gives the same updates as the kind's own factory", async () => {
    const config = { kind: "adam", lr: 0.01, beta1: 0.8 } as const;
    await assertNoLeaks(() => {
      const [a, b] = [makeOptimizer(config), adam.create(config)];
      const w = normalTensor([3, 2], 1);
      const g = normalTensor([3, 2], 2);
      const [wa, wb] = [a.step({ w }, { w: g }).w, b.step({ w }, { w: g }).w];
      assert.deepEqual(wa.dataSync(), wb.dataSync());
      tf.dispose([w, g, wa, wb]);
      a.dispose();
      b.dispose();
    });
  });

  it("names the closest kind for an unknown one and lists the known kinds", () => {
    const known = OPTIMIZERS.kinds.join(", ");
    fails({ kind: "adamm", lr: 1e-3 }, `unknown optimizer "adamm"; did you mean "adam"? known: ${known}`);
    fails({ kind: "SGD", lr: 0.1 }, `unknown optimizer "SGD"; did you mean "sgd"? known: ${known}`);
    fails({ kind: "rmsprop", lr: 1 }, `unknown optimizer "rmsprop"; known: ${known}`);
    fails({ lr: 1 }, `unknown optimizer undefined; known: ${known}`);
  });

  it("checks each kind's own option keys and types", () => {
    fails({ kind: "sgd", lr: "0.1" }, 'optimizer sgd: lr must be a number; got a string ("0.1")');
    fails(
      { kind: "sgd", lr: 0.1, momentum: 0.9 },
      'optimizer sgd: unknown option "momentum" (the options are kind, lr, weightDecay)',
    );
    fails(
      { kind: "adam", lr: 1e-3, beta: 0.9 },
      'optimizer adam: unknown option "beta"; did you mean "beta1"? (the options are kind, lr, beta1, beta2, epsilon)',
    );
    fails(
      { kind: "momentum", lr: 0.1, nesterov: "yes" },
      'optimizer momentum: nesterov must be a boolean; got a string ("yes")',
    );
    fails({ kind: "sgd" }, 'optimizer sgd: option "lr" is missing (a number)');
    fails({ kind: "sgd", lr: 0 }, "sgd: lr must be a finite number > 0; got 0");
    for (const [config, what] of [
      ["adam", 'a string ("adam")'],
      [null, "null"],
      [undefined, "undefined"],
    ] as const) {
      fails(config, `optimizer: expected { kind, ...options }, e.g. { kind: "adam", lr: 1e-3 }; got ${what}`);
    }
  });
});

// A toy optimizer, to show that adding one is one object plus one registerOptimizer call: sign-SGD,
// `W ← W − lr · sign(g)`, counting the optimizers it builds and disposes.
let created = 0;
let disposed = 0;
const signSgd: OptimizerKind<{ readonly kind: "signSgd"; readonly lr: number }> = {
  kind: "signSgd",
  options: { lr: "number" },
  create({ lr }) {
    if (!(lr > 0)) throw new Error(`signSgd: lr must be > 0; got ${lr}`);
    created++;
    return {
      name: `signSgd(lr=${lr})`,
      step: (params: Params, grads: Params) =>
        tf.tidy(() =>
          Object.fromEntries(
            Object.entries(grads).map(([name, g]) => [name, tf.sub(params[name], tf.mul(tf.sign(g), lr))]),
          ),
        ),
      dispose: () => void disposed++,
    };
  },
};

registerOptimizer(signSgd);

describe("a registered optimizer", () => {
  const arch = mlp([2, 8, 2]);
  const data = twoMoons({ n: 60, seed: 1 });
  const options = { seed: 0, batchSize: 20, handleSigint: false } as const;

  it("is listed, built and checked like the built-in kinds", () => {
    assert.equal(OPTIMIZERS.kinds.at(-1), "signSgd");
    const opt = makeOptimizer({ kind: "signSgd", lr: 0.5 });
    assert.equal(opt.name, "signSgd(lr=0.5)");
    opt.dispose();
    fails(
      { kind: "signsgd", lr: 0.1 },
      `unknown optimizer "signsgd"; did you mean "signSgd"? known: ${OPTIMIZERS.kinds.join(", ")}`,
    );
    fails(
      { kind: "signSgd", lr: 0.1, lR: 1 },
      'optimizer signSgd: unknown option "lR"; did you mean "lr"? (the options are kind, lr)',
    );
    fails({ kind: "signSgd", lr: -1 }, "signSgd: lr must be > 0; got -1");
  });

  it("goes into train()'s options: one step is exactly W − lr · sign(∂L/∂W) on the first batch", async () => {
    const init = initParams(arch, { seed: 0 });
    const lr = 0.01;
    const r = await train(
      arch,
      init,
      { train: data },
      { ...options, optimizer: { kind: "signSgd", lr }, numSteps: 1 },
    );
    const { X, y } = new BatchSampler(data, 20, 0).next();
    const g = lossAndGrads(arch, init, X, y, { loss: "softmaxCrossEntropy" });
    for (const name of Object.keys(init)) {
      const expected = tf.tidy(() => tf.sub(init[name], tf.mul(tf.sign(g.grads[name]), lr)).dataSync());
      assert.deepEqual(r.params[name].dataSync(), expected, name);
    }
    tf.dispose([X, y, g.loss, ...Object.values(g.grads)]);
    disposeParams(r.params);
    disposeParams(init);
  });

  it("trains: the loss goes down, and the loop disposes the optimizer it built, leaking nothing", async () => {
    const init = initParams(arch, { seed: 0 });
    const [created0, disposed0] = [created, disposed];
    await assertNoLeaks(async () => {
      const r = await train(
        arch,
        init,
        { train: data },
        { ...options, optimizer: { kind: "signSgd", lr: 0.01 }, numSteps: 120 },
      );
      const mean = (xs: Float32Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const [first, last] = [mean(r.trainLoss.slice(0, 9)), mean(r.trainLoss.slice(-9))];
      assert.ok(last < 0.8 * first, `loss ${first} → ${last}`);
      disposeParams(r.params);
    });
    assert.deepEqual([created - created0, disposed - disposed0], [1, 1]);
    disposeParams(init);
  });

  it("refuses a second registration of a kind name, built-in or not", () => {
    assert.throws(() => registerOptimizer(signSgd), {
      message: 'optimizer "signSgd" is already registered; pick another kind name',
    });
    assert.throws(() => registerOptimizer({ ...adam }), {
      message: 'optimizer "adam" is already registered; pick another kind name',
    });
    assert.equal(OPTIMIZERS.get("adam"), adam, "the first registration stays");
  });
});
