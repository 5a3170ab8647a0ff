import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { permute } from "../../lib/gauge/permute";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { rescale } from "../../lib/gauge/rescale";
import { importanceSpread, neuronImportance } from "../../lib/reduce/importance";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("neuronImportance", () => {
  const arch = mlp([6, 12, 8, 3]);

  it("is |a_j|·‖(w_j, b_j)‖ for one output, computed by hand", () => {
    const small = mlp([2, 2, 1]);
    const params = {
      "dense0/kernel": tf.tensor2d([
        [3, 1],
        [0, 2],
      ]),
      "dense0/bias": tf.tensor1d([4, 2]),
      "dense1/kernel": tf.tensor2d([[-2], [0.5]]),
      "dense1/bias": tf.tensor1d([1]),
    };
    assertClose(neuronImportance(small, params), [2 * 5, 0.5 * 3]);
    disposeParams(params);
  });

  it("is unchanged by any ReLU rescaling of a one-hidden-layer net", async () => {
    const one = mlp([6, 12, 3]);
    const params = initParams(one, { seed: 4, biasValue: 0.1 });
    await assertNoLeaks(() => {
      const scaled = rescale(one, params, randomScales(one, 8, [0.01, 100]));
      assertClose(neuronImportance(one, scaled), neuronImportance(one, params), 1e-4);
      disposeParams(scaled);
    });
    disposeParams(params);
  });

  it("is unchanged by rescaling its own layer's units and permuted by permutations, in every layer", async () => {
    const params = initParams(arch, { seed: 3, biasValue: 0.1 });
    await assertNoLeaks(() => {
      const perms = randomPerms(permutationSpec(arch), 5);
      const permuted = permute(arch, params, perms);
      for (const layer of [0, 1]) {
        const random = randomScales(arch, 7, [0.1, 10]);
        const own = {
          P_0: random.P_0.map(() => 1),
          P_1: random.P_1.map(() => 1),
          [`P_${layer}`]: random[`P_${layer}`],
        };
        const scaled = rescale(arch, params, own);
        const s = neuronImportance(arch, params, layer);
        assertClose(neuronImportance(arch, scaled, layer), s, 1e-4);
        const p = neuronImportance(arch, permuted, layer);
        const perm = perms[`P_${layer}`];
        assertClose(
          p,
          perm.map((i) => s[i]),
          1e-5,
        );
        assertClose([importanceSpread(arch, scaled, layer)], [importanceSpread(arch, params, layer)], 1e-5);
        disposeParams(scaled);
      }
      disposeParams(permuted);
    });
    disposeParams(params);
  });

  it("refuses a layer that is not hidden and an activation without rescaling symmetry", () => {
    const params = initParams(arch, { seed: 0 });
    assert.throws(
      () => neuronImportance(arch, params, 2),
      /neuronImportance: layer must be a hidden layer's index in \[0, 1\]; got 2/,
    );
    const tanh = mlp([6, 4, 3], { activation: "tanh" });
    const tp = initParams(tanh, { seed: 0 });
    assert.throws(() => neuronImportance(tanh, tp), /layer 0's activation has no rescaling symmetry/);
    disposeParams(params);
    disposeParams(tp);
  });
});
