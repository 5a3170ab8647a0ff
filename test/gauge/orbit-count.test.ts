import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import {
  flashFloodTable,
  log10Factorial,
  log10PermutationCount,
  orbitSize,
  permutationCount,
} from "../../lib/gauge/orbit-count";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp } from "./helpers";

useBackend();

describe("orbit counting", () => {
  it("computes log10 n! exactly for small n and smoothly across the Stirling switch", () => {
    assert.equal(log10Factorial(0), 0);
    assert.equal(log10Factorial(1), 0);
    assert.ok(Math.abs(log10Factorial(10) - Math.log10(3628800)) < 1e-12);
    assert.ok(Math.abs(log10Factorial(170) - Math.log10(7.257415615307994e306)) < 1e-9);
    // log10((n+1)!) - log10(n!) = log10(n+1) across the switch at 100000
    assert.ok(Math.abs(log10Factorial(100001) - log10Factorial(100000) - Math.log10(100001)) < 1e-7);
    assert.throws(() => log10Factorial(-1), {
      message: "log10Factorial: n must be a non-negative integer; got -1",
    });
    assert.throws(() => log10Factorial(2.5), {
      message: "log10Factorial: n must be a non-negative integer; got 2.5",
    });
  });

  it("counts 3 hidden layers of width 4 as 24^3", () => {
    assert.equal(permutationCount([4, 4, 4]), 13824n);
    assert.ok(Math.abs(log10PermutationCount([4, 4, 4]) - Math.log10(24 ** 3)) < 1e-12);
    assert.equal(permutationCount([]), 1n);
    assert.equal(permutationCount([20]).toString(), "2432902008176640000");
  });

  it("finds the generic orbit and the smaller one of a network with duplicate neurons", async () => {
    const arch = mlp([3, 4, 5, 2]);
    const params = randomMlp(arch, 1);
    const generic = await assertNoLeaks(() => orbitSize(arch, params));
    assert.ok(Math.abs(generic.log10Distinct - Math.log10(24 * 120)) < 1e-12);
    assert.equal(generic.log10Group, generic.log10Distinct);
    assert.deepEqual(generic.duplicateGroups, { P_0: [], P_1: [] });
    assert.equal(generic.rescalingDim, 9);
    // Prune three neurons of hidden layer 1 entirely: they become identical (all zero).
    const mask = tf.tensor1d([1, 0, 1, 0, 0]);
    const pruned = {
      ...params,
      "dense1/kernel": tf.mul(params["dense1/kernel"], mask.reshape([1, 5])),
      "dense1/bias": tf.mul(params["dense1/bias"], mask),
      "dense2/kernel": tf.mul(params["dense2/kernel"], mask.reshape([5, 1])),
    };
    const small = orbitSize(arch, pruned);
    assert.deepEqual(small.duplicateGroups, { P_0: [], P_1: [3] });
    assert.ok(Math.abs(small.log10Distinct - Math.log10((24 * 120) / 6)) < 1e-12);
    assert.equal(small.rescalingDim, 6);
    // tanh units have no rescaling orbit; the permutation count is the same.
    const tanh = orbitSize(mlp([3, 4, 5, 2], { activation: "tanh" }), pruned);
    assert.deepEqual(tanh, { ...small, rescalingDim: 0 });
    assert.throws(() => orbitSize(mlp([3, 4, 6, 2]), params), {
      message: "orbitSize: dense1/kernel is [4,5] but the architecture makes it [4,6]",
    });
    tf.dispose([mask, pruned["dense1/kernel"], pruned["dense1/bias"], pruned["dense2/kernel"]]);
    disposeParams(params);
  });

  it("tabulates the combinatorial flash flood", () => {
    const rows = flashFloodTable([8, 512], 3);
    assert.deepEqual(rows[0], {
      width: 8,
      numHidden: 3,
      numParams: 784 * 8 + 8 + 2 * (8 * 8 + 8) + 8 * 10 + 10,
      log10Permutations: 3 * Math.log10(40320),
      rescalingDim: 24,
    });
    assert.ok(rows[1].log10Permutations > 3000, "3 x 512! is beyond 10^3000");
    assert.equal(flashFloodTable().length, 9);
  });
});
