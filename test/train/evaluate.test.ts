import { it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams, type Params } from "../../lib/core/params";
import { classificationDataset, type Dataset } from "../../lib/data/dataset";
import { evaluate } from "../../lib/train/evaluate";
import { assertNoLeaks, describeOnBackends } from "../helpers/tf";

const arch = mlp([2, 3, 2]);

/** A fixed 2-3-2 network. */
function params(scale = 1): Params {
  return {
    "dense0/kernel": tf.tensor2d([0.5, -0.25, 1, 0.75, 0.5, -1], [2, 3]).mul(scale),
    "dense0/bias": tf.tensor1d([0.1, 0, -0.1]),
    "dense1/kernel": tf.tensor2d([1, -1, 0.5, 0.5, -0.5, 1], [3, 2]).mul(scale),
    "dense1/bias": tf.tensor1d([0, 0]),
  };
}

const X = new Float32Array([0, 1, 1, 0, -1, 0.5, 0.25, -0.75]);
const LABELS = [0, 1, 1, 0];
const toy = classificationDataset("toy", X, LABELS, 2, 2);

/** A dataset built by hand (bypassing the constructors' checks), with `X` and `labels` as given. */
function handMade(x: Float32Array, labels: Int32Array): Dataset {
  return { name: "hand", X: x, y: toy.y, labels, numExamples: 4, inDim: 2, outDim: 2 };
}

describeOnBackends("evaluate", () => {
  it("gives the same loss and accuracy for every batchSize", async () => {
    const p = params();
    const whole = evaluate(arch, p, toy, { loss: "softmaxCrossEntropy" });
    await assertNoLeaks(() => {
      for (const batchSize of [1, 3, 4, 100]) {
        const r = evaluate(arch, p, toy, { loss: "softmaxCrossEntropy", batchSize });
        assert.ok(Math.abs(r.loss - whole.loss) < 1e-6, `batchSize ${batchSize}`);
        assert.equal(r.accuracy, whole.accuracy);
      }
    });
    disposeParams(p);
  });

  it("rejects a batchSize that is not a positive integer (0 used to loop forever) and an unknown loss", () => {
    const p = params();
    for (const batchSize of [0, -1, 1.5, NaN]) {
      assert.throws(() => evaluate(arch, p, toy, { loss: "mse", batchSize }), {
        message: `evaluate: batchSize must be a positive integer; got ${batchSize}`,
      });
    }
    assert.throws(() => evaluate(arch, p, toy, { loss: "hinge" as "mse" }), {
      message: 'evaluate: unknown loss "hinge"; use "softmaxCrossEntropy" or "mse"',
    });
    disposeParams(p);
  });

  it("rejects labels outside [0, numClasses) or not integers", () => {
    const p = params();
    assert.throws(() => evaluate(arch, p, handMade(X, Int32Array.from([0, 2, 1, 0])), { loss: "mse" }), {
      message: "evaluate (hand): label 2 at example 1 is not a class index in [0, 2)",
    });
    assert.throws(() => evaluate(arch, p, handMade(X, Int32Array.from([0, 1, -1, 0])), { loss: "mse" }), {
      message: "evaluate (hand): label -1 at example 2 is not a class index in [0, 2)",
    });
    disposeParams(p);
  });

  it("rejects NaN inputs (wasm's ReLU would map them to 0), naming the example, without leaking", async () => {
    const p = params();
    const x = Float32Array.from(X);
    x[5] = NaN;
    await assertNoLeaks(() => {
      assert.throws(
        () => evaluate(arch, p, handMade(x, Int32Array.from(LABELS)), { loss: "softmaxCrossEntropy" }),
        { message: "hand: X holds NaN at example 2, column 1" },
      );
    });
    disposeParams(p);
  });

  it("rejects a loss that overflows from finite weights, naming the rows, without leaking", async () => {
    const p = params(1e20);
    await assertNoLeaks(() => {
      assert.throws(() => evaluate(arch, p, toy, { loss: "mse", batchSize: 2 }), {
        // Infinity or NaN (Inf − Inf), by the backend's order of summation.
        message: new RegExp(
          "^evaluate: the mse loss of toy's examples 0\\.\\.1 is (Infinity|NaN) though the params and inputs " +
            "are finite: the forward pass overflowed float32 \\(weights or inputs too large\\)$",
        ),
      });
    });
    disposeParams(p);
  });
});
