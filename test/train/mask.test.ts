import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { Mask } from "../../lib/train/mask";
import { disposeParams } from "../../lib/core/params";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

// A [2, 3, 1] MLP's kernels: dense0/kernel keeps 3 of 6 weights, dense1/kernel 2 of 3 (5 of 9 in all).
const KEEP0 = [
  [1, 0, 1],
  [0, 0, 1],
];
const KEEP1 = [[1], [1], [0]];
const NAMES = ["dense0/kernel", "dense0/bias", "dense1/kernel", "dense1/bias"];

/** The hand-computed mask above; the caller owns it. */
const handMask = () =>
  Mask.fromTensors({ "dense0/kernel": tf.tensor2d(KEEP0), "dense1/kernel": tf.tensor2d(KEEP1) });

describe("Mask", () => {
  it("counts kept and masked weights: size, numKept, density, sparsity", async () => {
    const mask = handMask();
    await assertNoLeaks(() => {
      assert.deepEqual(mask.names, ["dense0/kernel", "dense1/kernel"]);
      assert.equal(mask.size, 9);
      assert.equal(mask.numKept, 5);
      assert.equal(mask.density, 5 / 9);
      assert.ok(Math.abs(mask.sparsity - 4 / 9) < 1e-12);
      assert.deepEqual(mask.get("dense0/kernel")!.arraySync(), KEEP0);
      assert.equal(mask.get("dense0/bias"), undefined, "biases are not masked");
    });
    mask.dispose();
  });

  it("is dense when empty, and all ones from Mask.ones", async () => {
    const empty = Mask.fromTensors({});
    assert.deepEqual([empty.size, empty.numKept, empty.density, empty.sparsity], [0, 0, 1, 0]);
    const params = initParams(mlp([2, 3, 1]), { seed: 0 });
    await assertNoLeaks(() => {
      const ones = Mask.ones(params, ["dense0/kernel", "dense1/kernel"]);
      assert.deepEqual([ones.size, ones.numKept, ones.density, ones.sparsity], [9, 9, 1, 0]);
      ones.dispose();
    });
    assert.throws(() => Mask.ones(params, ["dense5/kernel"]), {
      message: `Mask.ones: params have no dense5/kernel; known: ${NAMES.join(", ")}`,
    });
    disposeParams(params);
  });

  it("accepts only 0/1 values, naming the bad entry; the caller keeps the tensors on error", async () => {
    for (const bad of [0.5, 2, -1, NaN, Infinity]) {
      await assertNoLeaks(() => {
        const good = tf.tensor2d(KEEP0);
        const wrong = tf.tensor2d([[1], [bad], [0]]);
        assert.throws(() => Mask.fromTensors({ "dense0/kernel": good, "dense1/kernel": wrong }), {
          message: "mask entry dense1/kernel holds values other than 0 and 1",
        });
        tf.dispose([good, wrong]);
      });
    }
  });

  it("checks it fits the params, naming the mismatch, before allocating anything", async () => {
    const params = initParams(mlp([2, 3, 1]), { seed: 0 });
    const transposed = Mask.fromTensors({ "dense0/kernel": tf.ones([3, 2]) });
    const stray = Mask.fromTensors({ "dense7/kernel": tf.ones([2, 3]) });
    await assertNoLeaks(() => {
      for (const check of [() => transposed.assertFits(params), () => transposed.apply(params)]) {
        assert.throws(check, { message: "mask entry dense0/kernel is [3,2] but the parameter is [2,3]" });
      }
      assert.throws(() => stray.apply(params), {
        message: "mask entry dense7/kernel has no parameter of that name: a mask from another architecture?",
      });
    });
    [transposed, stray].forEach((m) => m.dispose());
    disposeParams(params);
  });

  it("applies: masked weights zeroed in new tensors, unmasked params passed through", async () => {
    const params = initParams(mlp([2, 3, 1]), { seed: 0 });
    const mask = handMask();
    await assertNoLeaks(() => {
      const out = mask.apply(params);
      const times = (name: string, keep: number[][]) =>
        (params[name].arraySync() as number[][]).map((row, i) => row.map((w, j) => w * keep[i][j]));
      assert.deepEqual(out["dense0/kernel"].arraySync(), times("dense0/kernel", KEEP0));
      assert.deepEqual(out["dense1/kernel"].arraySync(), times("dense1/kernel", KEEP1));
      assert.equal(out["dense0/bias"], params["dense0/bias"], "the same tensor, not a copy");
      tf.dispose([out["dense0/kernel"], out["dense1/kernel"]]);
    });
    mask.dispose();
    disposeParams(params);
  });

  it("clones deeply and disposes exactly its own tensors", async () => {
    await assertNoLeaks(() => {
      const mask = handMask();
      const copy = mask.clone();
      assert.notEqual(copy.get("dense0/kernel"), mask.get("dense0/kernel"));
      copy.dispose();
      assert.ok(copy.names.every((name) => copy.get(name)!.isDisposed));
      assert.equal(mask.numKept, 5, "the original is still usable");
      mask.dispose();
      assert.ok(mask.names.every((name) => mask.get(name)!.isDisposed));
    });
  });
});
