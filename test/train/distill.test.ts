import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { datasetTensors } from "../../lib/data/dataset";
import { lossAndGrads } from "../../lib/train/backward";
import { distillationLoss, distillationLossAndGradient } from "../../lib/train/distill";
import { softmaxCrossEntropy } from "../../lib/train/loss";
import { train } from "../../lib/train/train";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { ARCH, SGD, moons } from "./train-fixture";

useBackend();

const logits = (seed: number) => normalTensor([6, 4], seed, 0, 2) as tf.Tensor2D;
const labels = () => tf.oneHot([0, 1, 2, 3, 0, 2], 4).toFloat() as tf.Tensor2D;

describe("distillation loss", () => {
  it("equals cross-entropy at α = 0, for any teacher and temperature", () => {
    tf.tidy(() => {
      const [z, t, y] = [logits(1), logits(2), labels()];
      const ce = softmaxCrossEntropy(z, y).dataSync()[0];
      for (const temperature of [1, 4]) {
        assertClose(distillationLoss(z, y, t, { alpha: 0, temperature }).dataSync(), [ce]);
      }
    });
  });

  it("is (1 − α)·CE when the teacher's logits are the student's (KL = 0)", () => {
    tf.tidy(() => {
      const [z, y] = [logits(1), labels()];
      const ce = softmaxCrossEntropy(z, y).dataSync()[0];
      assertClose(distillationLoss(z, y, z, { alpha: 0.9, temperature: 4 }).dataSync(), [0.1 * ce]);
    });
  });

  it("has the closed-form gradient (1−α)(softmax(z)−y) + α·T·(softmax(z/T) − softmax(t/T)), per batch, = tf.grad", async () => {
    await assertNoLeaks(() =>
      tf.tidy(() => {
        const [z, t, y] = [logits(3), logits(4), labels()];
        for (const weights of [
          { alpha: 0.9, temperature: 4 },
          { alpha: 0.5, temperature: 1 },
          { alpha: 1, temperature: 2.5 },
        ]) {
          const { loss, dYHat } = distillationLossAndGradient(z, y, t, weights);
          const auto = tf.grad((x: tf.Tensor) => distillationLoss(x as tf.Tensor2D, y, t, weights))(z);
          assertClose(dYHat.dataSync(), auto.dataSync(), 1e-6);
          assertClose(loss.dataSync(), distillationLoss(z, y, t, weights).dataSync());
        }
      }),
    );
  });

  it("gives the same gradients through the hand-written backward passes and through tf.grads", () => {
    const student = initParams(ARCH, { seed: 0 });
    const teacherArch = mlp([2, 32, 2]);
    const teacher = initParams(teacherArch, { seed: 1 });
    tf.tidy(() => {
      const { X, y } = datasetTensors(moons.test);
      const distill = { alpha: 0.7, temperature: 3, teacherLogits: forward(teacherArch, teacher, X) };
      const hand = lossAndGrads(ARCH, student, X, y, { loss: "softmaxCrossEntropy", distill });
      const auto = lossAndGrads(ARCH, student, X, y, {
        loss: "softmaxCrossEntropy",
        distill,
        autodiff: true,
      });
      assertClose(hand.loss.dataSync(), auto.loss.dataSync());
      for (const name of Object.keys(student))
        assertClose(hand.grads[name].dataSync(), auto.grads[name].dataSync());
    });
    disposeParams(student);
    disposeParams(teacher);
  });
});

describe("train with distill", () => {
  it("moves the student toward the teacher and leaks nothing", async () => {
    const teacherArch = mlp([2, 32, 2]);
    const teacher = initParams(teacherArch, { seed: 1 });
    const student = initParams(ARCH, { seed: 0 });
    const klToTeacher = (params: typeof student) =>
      tf.tidy(() => {
        const { X, y } = datasetTensors(moons.test);
        const t = forward(teacherArch, teacher, X);
        const z = forward(ARCH, params, X);
        const both = distillationLoss(z, y, t, { alpha: 1, temperature: 1 }).dataSync()[0];
        return both;
      });
    const before = klToTeacher(student);
    await assertNoLeaks(async () => {
      const run = await train(
        ARCH,
        student,
        { train: moons.train },
        {
          optimizer: SGD,
          seed: 0,
          numSteps: 60,
          handleSigint: false,
          distill: { teacher: { arch: teacherArch, params: teacher }, alpha: 1, temperature: 1 },
        },
      );
      assert.ok(klToTeacher(run.params) < before / 2, "the KL to the teacher should fall");
      disposeParams(run.params);
    });
    disposeParams(teacher);
    disposeParams(student);
  });

  it("refuses a teacher of other input or output sizes, and α or T out of range, naming the option", async () => {
    const student = initParams(ARCH, { seed: 0 });
    const cases: [object, RegExp][] = [
      [{ arch: mlp([3, 8, 2]) }, /train: distill: the teacher maps 3 → 2 but the student maps 2 → 2/],
      [{ arch: mlp([2, 8, 5]) }, /the teacher maps 2 → 5 but the student maps 2 → 2/],
      [{ alpha: 1.5 }, /train: distill: alpha must be in \[0, 1\]; got 1.5/],
      [{ temperature: 0 }, /train: distill: temperature must be a finite number > 0; got 0/],
    ];
    for (const [change, pattern] of cases) {
      const arch = (change as { arch?: typeof ARCH }).arch ?? mlp([2, 8, 2]);
      const params = initParams(arch, { seed: 2 });
      const { arch: _a, ...weights } = change as { arch?: unknown };
      await assertNoLeaks(() =>
        assert.rejects(
          train(
            ARCH,
            student,
            { train: moons.train },
            {
              optimizer: SGD,
              seed: 0,
              numSteps: 2,
              handleSigint: false,
              distill: { teacher: { arch, params }, ...weights },
            },
          ),
          pattern,
        ),
      );
      disposeParams(params);
    }
    disposeParams(student);
  });
});
