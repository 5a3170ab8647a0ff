import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { regressionDataset } from "../../lib/data/dataset";
import { initMlp } from "../../lib/core/init";
import { Mask } from "../../lib/train/mask";
import { disposeParams } from "../../lib/core/params";
import { train } from "../../lib/train/train";
import type { TrainOptions } from "../../lib/train/train-options";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { SGD, SIZES, moons } from "./train-fixture";

useBackend();

describe("train: bad input", () => {
  const expectError = async (options: Partial<TrainOptions>, pattern: RegExp, data?: object) => {
    const init = initMlp(SIZES, { seed: 0 });
    await assertNoLeaks(() =>
      assert.rejects(
        train(
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
    await expectError({ dataStartStep: 1.5 }, /train: dataStartStep must be an integer ≥ 0; got 1.5/);
    await expectError(
      { frozen: ["dense9/kernel"] },
      /cannot freeze dense9\/kernel: params have dense0\/kernel/,
    );
    await expectError({ patience: 2 }, /train: patience needs data.val/);
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

  it("rejects an unknown activation, naming the supported ones", async () => {
    await expectError(
      { activation: "tanh" as "relu" },
      /^Error: train: unknown activation "tanh"; use one of relu, linear, leakyRelu$/,
    );
  });

  it("rejects initial params holding NaN or Inf, naming the param", async () => {
    for (const [name, bad] of [
      ["dense0/kernel", NaN],
      ["dense2/bias", -Infinity],
    ] as const) {
      const init = initMlp(SIZES, { seed: 0 });
      const values = init[name].dataSync().slice();
      values[1] = bad;
      const poisoned = { ...init, [name]: tf.tensor(values, init[name].shape) };
      await assertNoLeaks(() =>
        assert.rejects(
          train(
            poisoned,
            { train: moons.train },
            { optimizer: SGD, seed: 0, numSteps: 5, handleSigint: false },
          ),
          {
            message:
              `train: ${name} holds NaN or Inf values; start from finite params (e.g. fresh ones from ` +
              "g.initMlp(...)) and check what produced these",
          },
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
    const init = initMlp([1, 1], { seed: 0 });
    const data = regressionDataset("one point", new Float32Array([0]), new Float32Array([1]), 1, 1);
    const options = { optimizer: { kind: "sgd", lr: 50 }, seed: 0, handleSigint: false } as const;
    const ten = await train(init, { train: data }, { ...options, numSteps: 10 });
    assertClose(
      Array.from(ten.trainLoss, Math.log10),
      Array.from({ length: 10 }, (_, k) => 2 * k * Math.log10(99)),
    );
    disposeParams(ten.params);
    await assertNoLeaks(() =>
      assert.rejects(train(init, { train: data }, { ...options, numSteps: 200 }), {
        message:
          "training diverged: the loss is Infinity at step 10 (epoch 10); lower lr, or check the data and the " +
          "initialisation",
      }),
    );
    disposeParams(init);
  });
});
