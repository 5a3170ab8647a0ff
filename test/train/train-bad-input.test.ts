import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { regressionDataset } from "../../lib/data/dataset";
import { layerParamNames, mlp, paramShapes } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { Mask } from "../../lib/train/mask";
import { disposeParams } from "../../lib/core/params";
import { train } from "../../lib/train/train";
import type { TrainOptions } from "../../lib/train/train-options";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { ARCH, SGD, moons } from "./train-fixture";

useBackend();

describe("train: bad input", () => {
  const expectError = async (
    options: Partial<TrainOptions>,
    pattern: RegExp | { message: string } | ((err: Error) => boolean),
    data?: object,
    arch = ARCH,
  ) => {
    const init = initParams(ARCH, { seed: 0 });
    await assertNoLeaks(() =>
      assert.rejects(
        train(
          arch,
          init,
          { train: moons.train, ...data },
          { optimizer: SGD, seed: 0, numSteps: 5, handleSigint: false, ...options },
        ),
        pattern,
      ),
    );
    disposeParams(init);
  };

  it("rejects bad options and data before doing anything", async () => {
    await expectError({ optimizer: { kind: "sgd", lr: 0 } }, /sgd: lr must be a finite number > 0; got 0/);
    await expectError(
      { optimizer: { kind: "adam", lr: -1 } },
      /adam: lr must be a finite number > 0; got -1/,
    );
    await expectError({ epochs: 2 }, /train: give exactly one of numSteps or epochs/);
    await expectError({ batchSize: 0 }, /train: batchSize must be a positive integer; got 0/);
    await expectError({ rewindStep: 1.5 }, /train: rewindStep must be an integer ≥ 0; got 1.5/);
    await expectError(
      { frozen: ["dense9/kernel"] },
      /cannot freeze dense9\/kernel: the params are dense0\/kernel/,
    );
    await expectError({ patience: 2 }, /train: patience needs data.val/);
    const nothing = { message: "every parameter is frozen: nothing to train" };
    await expectError({ frozen: Object.keys(paramShapes(ARCH)) }, nothing);
    const allFrozen = { ...ARCH, layers: ARCH.layers.map((spec) => ({ ...spec, frozen: true })) };
    await expectError({}, nothing, undefined, allFrozen);
    await expectError({ frozen: layerParamNames(ARCH, 2) }, nothing, undefined, {
      ...ARCH,
      layers: ARCH.layers.map((spec, l) => ({ ...spec, frozen: l < 2 })),
    });
    const threeFeatures = regressionDataset("three", new Float32Array(6), new Float32Array(4), 3, 2);
    await expectError({}, /train: train data three is 3 → 2 but the params map 2 → 2/, {
      train: threeFeatures,
    });
    const empty = {
      ...moons.train,
      name: "empty",
      X: new Float32Array(0),
      y: new Float32Array(0),
      labels: new Int32Array(0),
      numExamples: 0,
    };
    await expectError({}, /empty: the dataset is empty \(0 examples\)/, { train: empty });
    const X = moons.train.X.slice();
    X[7] = NaN;
    await expectError({}, /bad: X holds NaN at example 3, column 1/, {
      train: { ...moons.train, name: "bad", X },
    });
  });

  it("rejects an unknown activation in the architecture, naming the closest and the supported ones", async () => {
    await expectError(
      {},
      {
        message:
          'architecture: layers[0] (dense): unknown activation "tanhh"; did you mean "tanh"? ' +
          "(use one of relu, leakyRelu, linear, squaredRelu, tanh, silu)",
      },
      undefined,
      mlp([2, 16, 16, 2], { activation: "tanhh" as "tanh" }),
    );
  });

  it("rejects unknown, missing and mistyped options and optimizers, naming the closest or the type", async () => {
    const trainOptions =
      "(the options are optimizer, seed, rewindStep, numSteps, epochs, batchSize, loss, autodiff, l2, distill, cacheFeatures, sparseInputs, mask, frozen, " +
      "evalEvery, patience, testWhen, callbacks, progress, progressEveryMs, signal, handleSigint, yieldEveryMs, label)";
    await expectError({ batchsize: 20 } as Partial<TrainOptions>, {
      message: `train: unknown option "batchsize"; did you mean "batchSize"? ${trainOptions}`,
    });
    await expectError({ dataStartStep: 3 } as Partial<TrainOptions>, {
      message: `train: unknown option "dataStartStep" ${trainOptions}`,
    });
    await expectError({ activation: "tanh" } as Partial<TrainOptions>, {
      message: `train: unknown option "activation" ${trainOptions}`,
    });
    await expectError(
      { loss: "hinge" as "mse" },
      {
        message: 'train: unknown loss "hinge"; use "softmaxCrossEntropy" or "mse"',
      },
    );
    await expectError(
      { optimizer: undefined },
      { message: 'train: option "optimizer" is missing (an object)' },
    );
    await expectError({ seed: undefined }, { message: 'train: option "seed" is missing (a number)' });
    await expectError(
      { numSteps: "5" as unknown as number },
      {
        message: 'train: numSteps must be a number; got a string ("5")',
      },
    );
    await expectError(
      { frozen: "dense0/kernel" as unknown as string[] },
      {
        message: 'train: frozen must be an array; got a string ("dense0/kernel")',
      },
    );
    await expectError(
      { optimizer: { kind: "sgd", lr: "0.1" } },
      {
        message: 'optimizer sgd: lr must be a number; got a string ("0.1")',
      },
    );
    await expectError(
      { optimizer: { kind: "adamm", lr: 0.1 } },
      {
        message:
          'unknown optimizer "adamm"; did you mean "adam"? known: sgd, momentum, adam, muon, spectral-gd, dualized-gd',
      },
    );
    await expectError(
      { optimizer: { kind: "sgd", lr: 0.1, momentum: 0.9 } },
      {
        message: 'optimizer sgd: unknown option "momentum" (the options are kind, lr, weightDecay)',
      },
    );
    await expectError(
      {},
      {
        message:
          'train: data: unknown option "tset"; did you mean "test"? (the options are train, val, test)',
      },
      {
        tset: moons.test,
      },
    );
  });

  it("rejects callbacks, progress sinks, signals and masks of the wrong shape, naming the option", async () => {
    const hooks = "(onStep, onEpoch, onEval)";
    const cases: [Partial<TrainOptions>, string][] = [
      [{ callbacks: { onStep: 3 } as never }, "train: callbacks.onStep must be a function; got the number 3"],
      [
        { callbacks: [{}, { onEval: "log" }] as never },
        'train: callbacks[1].onEval must be a function; got a string ("log")',
      ],
      [
        { callbacks: (() => undefined) as never },
        `train: callbacks must be an object of hooks ${hooks} or an array of them; got a function (wrap a function as { onStep: fn })`,
      ],
      [
        { callbacks: [null] as never },
        `train: callbacks[0] must be an object of hooks ${hooks} or an array of them; got null`,
      ],
      [
        { callbacks: { onstep: () => undefined } as never },
        'train: callbacks has an unknown hook "onstep"; did you mean "onStep"? (the hooks are onStep, onEpoch, onEval)',
      ],
      [
        { callbacks: { callbacks: {}, taken: new Map() } as never },
        "train: callbacks has none of the hooks onStep, onEpoch, onEval (it has callbacks, taken); did you mean " +
          "its .callbacks (as in snapshotsAt(steps).callbacks)?",
      ],
      [
        { progress: {} as never },
        "train: progress must have update(info) and done(info) methods; got an object without update",
      ],
      [
        { progress: { update: () => undefined, done: 1 } as never },
        "train: progress must have update(info) and done(info) methods; got an object whose done is the number 1",
      ],
      [
        { progress: (() => undefined) as never },
        "train: progress must have update(info) and done(info) methods; got a function",
      ],
      [
        { signal: {} as never },
        "train: signal must be an AbortSignal (e.g. new AbortController().signal); got an object",
      ],
      [
        { signal: true as never },
        "train: signal must be an AbortSignal (e.g. new AbortController().signal); got the boolean true",
      ],
      [
        { signal: new AbortController() as never },
        "train: signal must be an AbortSignal (e.g. new AbortController().signal); got an AbortController (pass its .signal)",
      ],
      [
        { mask: {} as never },
        "train: mask must be a Mask (e.g. from g.prune(...) or Mask.fromTensors(...)); got an object",
      ],
      [
        { progressEveryMs: NaN },
        "train: progressEveryMs must be a finite number of milliseconds ≥ 0; got NaN",
      ],
      [{ yieldEveryMs: -1 }, "train: yieldEveryMs must be a finite number of milliseconds ≥ 0; got -1"],
    ];
    for (const [options, message] of cases) {
      await expectError(options, (err: Error) => {
        assert.equal(err.constructor, Error);
        assert.equal(err.message, message);
        return true;
      });
    }
  });

  it("accepts class instances whose hooks and sink methods live on the prototype, and an empty hooks object", async () => {
    class Counter {
      steps = 0;
      onStep() {
        this.steps++;
      }
    }
    class Sink {
      updates = 0;
      update() {
        this.updates++;
      }
      done() {}
    }
    const counter = new Counter();
    const sink = new Sink();
    const init = initParams(ARCH, { seed: 0 });
    const run = await train(
      ARCH,
      init,
      { train: moons.train },
      {
        optimizer: SGD,
        seed: 0,
        numSteps: 3,
        handleSigint: false,
        callbacks: [counter, {}],
        progress: sink,
        progressEveryMs: 0,
        signal: new AbortController().signal,
      },
    );
    assert.equal(counter.steps, 4, "steps 0..3");
    assert.equal(sink.updates, 3);
    disposeParams(run.params);
    disposeParams(init);
  });

  it("rejects params of another architecture, naming the first mismatch", async () => {
    await expectError(
      {},
      { message: "train: dense1/kernel is [16,16] but the architecture makes it [16,8]" },
      undefined,
      mlp([2, 16, 8, 2]),
    );
    await expectError(
      {},
      {
        message:
          "train: params have dense2/kernel, which the architecture does not " +
          "(it has dense0/kernel, dense0/bias, dense1/kernel, dense1/bias)",
      },
      undefined,
      mlp([2, 16, 2]),
    );
  });

  it("rejects initial params holding NaN or Inf, naming the param", async () => {
    for (const [name, bad] of [
      ["dense0/kernel", NaN],
      ["dense2/bias", -Infinity],
    ] as const) {
      const init = initParams(ARCH, { seed: 0 });
      const values = init[name].dataSync().slice();
      values[1] = bad;
      const poisoned = { ...init, [name]: tf.tensor(values, init[name].shape) };
      await assertNoLeaks(() =>
        assert.rejects(
          train(
            ARCH,
            poisoned,
            { train: moons.train },
            { optimizer: SGD, seed: 0, numSteps: 5, handleSigint: false },
          ),
          { message: new RegExp(`^train: ${name} holds NaN or Inf values \\(`) },
        ),
      );
      poisoned[name].dispose();
      disposeParams(init);
    }
  });

  it("rejects masks of the wrong shape or with values other than 0/1", async () => {
    const wrong = Mask.fromTensors({ "dense0/kernel": tf.ones([3, 16]) });
    await expectError({ mask: wrong }, /mask entry dense0\/kernel is \[3,16\] but the parameter is \[2,16\]/);
    wrong.dispose();
    const stray = Mask.fromTensors({ "dense7/kernel": tf.ones([2, 16]) });
    await expectError({ mask: stray }, /mask entry dense7\/kernel has no parameter of that name/);
    stray.dispose();
    const half = tf.fill([2, 16], 0.5);
    assert.throws(
      () => Mask.fromTensors({ "dense0/kernel": half }),
      /mask entry dense0\/kernel holds values other than 0 and 1/,
    );
    half.dispose();
  });

  it("stops with the step number when the loss becomes NaN/Inf, leaking nothing", async () => {
    // A bias-only fit of one example (x = 0, y = 1) from b = 0: MSE's gradient is 2r for the residual r = b - y,
    // so SGD with lr 50 maps r to (1 - 2·50) r = -99 r and the loss r² = 99^(2k) at step k. Float32 holds
    // 99^18 ≈ 8.3e35 (step 9) but not 99^20 ≈ 8.2e39: the first non-finite loss is Infinity at step 10.
    const arch = mlp([1, 1]);
    const init = initParams(arch, { seed: 0 });
    const data = regressionDataset("one point", new Float32Array([0]), new Float32Array([1]), 1, 1);
    const options = { optimizer: { kind: "sgd", lr: 50 }, seed: 0, handleSigint: false } as const;
    const ten = await train(arch, init, { train: data }, { ...options, numSteps: 10 });
    assertClose(
      Array.from(ten.trainLoss, Math.log10),
      Array.from({ length: 10 }, (_, k) => 2 * k * Math.log10(99)),
    );
    disposeParams(ten.params);
    await assertNoLeaks(() =>
      assert.rejects(train(arch, init, { train: data }, { ...options, numSteps: 200 }), {
        message:
          "training diverged: the loss is Infinity at step 10 (epoch 10); lower lr, or check the data and the " +
          "initialisation",
      }),
    );
    disposeParams(init);
  });
});
