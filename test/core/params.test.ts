import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { cloneParams, disposeParams } from "../../lib/core/params";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("cloneParams", () => {
  it("copies values into distinct tensors; disposing the copy leaves the original usable", async () => {
    const params = initParams(mlp([3, 4, 2]), { seed: 0 });
    await assertNoLeaks(() => {
      const live = tf.memory().numTensors;
      const copy = cloneParams(params);
      assert.equal(tf.memory().numTensors - live, 4, "one new tensor per param");
      assert.deepEqual(Object.keys(copy), Object.keys(params));
      for (const [name, t] of Object.entries(params)) {
        assert.notEqual(copy[name], t, name);
        assert.deepEqual(copy[name].shape, t.shape, name);
        assert.deepEqual(copy[name].dataSync(), t.dataSync(), name);
      }
      const before = Object.fromEntries(
        Object.entries(params).map(([name, t]) => [name, t.dataSync().slice()]),
      );
      disposeParams(copy);
      assert.ok(Object.values(copy).every((t) => t.isDisposed));
      for (const [name, t] of Object.entries(params)) {
        assert.equal(t.isDisposed, false, name);
        assert.deepEqual(t.dataSync(), before[name], name);
      }
    });
    disposeParams(params);
  });
});
