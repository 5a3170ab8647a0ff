import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Mask } from "../../lib/train/mask";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { permuteMask } from "../../lib/gauge/mask-transfer";
import { permute } from "../../lib/gauge/permute";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { randomPerms } from "../../lib/gauge/random-group";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { flatValues, randomMlp, testRng } from "./helpers";

useBackend();

/** A random 0/1 mask over the kernels of `sizes`, keeping about half the weights. */
function randomKernelMask(sizes: number[], seed: number): Mask {
  const rand = testRng(seed);
  const entries: Record<string, tf.Tensor> = {};
  for (let l = 0; l + 1 < sizes.length; l++) {
    const values = Array.from({ length: sizes[l] * sizes[l + 1] }, () => (rand() < 0.5 ? 1 : 0));
    entries[`dense${l}/kernel`] = tf.tensor2d(values, [sizes[l], sizes[l + 1]]);
  }
  return Mask.fromTensors(entries);
}

describe("permuteMask", () => {
  it("commutes with masking: permute(mask.apply(params)) = permuteMask(mask).apply(permute(params))", async () => {
    const sizes = [5, 7, 6, 3];
    const arch = mlp(sizes);
    const params = randomMlp(arch, 1);
    const mask = randomKernelMask(sizes, 2);
    const perms = randomPerms(permutationSpec(arch), 3);
    await assertNoLeaks(() => {
      const moved = permuteMask(arch, mask, perms);
      assert.deepEqual(moved.names, mask.names);
      assert.equal(moved.numKept, mask.numKept);
      const masked = mask.apply(params);
      const left = permute(arch, masked, perms);
      const permuted = permute(arch, params, perms);
      const right = moved.apply(permuted);
      assertClose(flatValues(left), flatValues(right), 0);
      for (const name of moved.names) right[name].dispose();
      for (const name of mask.names) masked[name].dispose();
      [left, permuted].forEach(disposeParams);
      moved.dispose();
    });
    mask.dispose();
    disposeParams(params);
  });

  it("rejects masks the spec does not describe, and bad perms", () => {
    const arch = mlp([3, 4, 2]);
    const mask = Mask.fromTensors({ "dense0/kernel": tf.ones([3, 5]) });
    const stray = Mask.fromTensors({ "conv/kernel": tf.ones([3, 4]) });
    const ok = { P_0: [0, 1, 2, 3] };
    assert.throws(() => permuteMask(arch, mask, ok), {
      message:
        "permuteMask: the spec puts P_0 (4 units) on axis 1 of mask entry dense0/kernel [3,5], which has 5",
    });
    assert.throws(() => permuteMask(arch, stray, ok), {
      message: "permuteMask: the spec does not describe mask entry conv/kernel",
    });
    assert.throws(() => permuteMask(arch, stray, { P_0: [0, 1, 2] }), {
      message: "permuteMask: P_0 has 3 entries but its layer has 4 units",
    });
    [mask, stray].forEach((m) => m.dispose());
  });
});
