import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../../lib/core/activations";
import { type Architecture, mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { disposeParams, type Params } from "../../lib/core/params";
import { identityPerm, type Perms } from "../../lib/gauge/perm";
import { permute } from "../../lib/gauge/permute";
import { permName, permutationSpec } from "../../lib/gauge/permutation-spec";
import { rescale, type Scales } from "../../lib/gauge/rescale";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";
import { randomMlp, randomPermutation, randomX, testRng, uniforms } from "./helpers";

useBackend();

const ARCHS = [
  [6, 5, 3],
  [6, 5, 4, 3],
  [6, 5, 4, 7, 3],
];

/** Asserts `a` and `b` compute the same outputs on random inputs, to `tol`. */
function assertSameFunction(arch: Architecture, a: Params, b: Params, seed: number, tol = 1e-5): void {
  tf.tidy(() => {
    const X = randomX(32, arch.inDim, seed);
    assertClose(forward(arch, b, X).dataSync(), forward(arch, a, X).dataSync(), tol);
  });
}

/** Identity perms except hidden layer `only` (all layers when -1), which gets a random one. */
function somePerms(sizes: number[], only: number, seed: number): Perms {
  const rand = testRng(seed);
  const perms: Record<string, number[]> = {};
  for (let l = 0; l < sizes.length - 2; l++) {
    perms[permName(l)] =
      only === -1 || only === l ? randomPermutation(sizes[l + 1], rand) : identityPerm(sizes[l + 1]);
  }
  return perms;
}

/** Random scales in [0.2, 5] for hidden layer `only` (all when -1), ones elsewhere. */
function someScales(sizes: number[], only: number, seed: number): Scales {
  const rand = testRng(seed);
  const scales: Record<string, number[]> = {};
  sizes.slice(1, -1).forEach((n, l) => {
    scales[permName(l)] =
      only === -1 || only === l ? uniforms(rand, n, 0.2, 5) : new Array<number>(n).fill(1);
  });
  return scales;
}

describeOnBackends("permute and rescale preserve the function", () => {
  for (const sizes of ARCHS) {
    for (const activation of ["relu", "leakyRelu", "squaredRelu", "tanh"] as Activation[]) {
      it(`permute: ${activation}, ${sizes.length - 2} hidden, each layer and all together`, async () => {
        const arch = mlp(sizes, { activation });
        const params = randomMlp(arch, sizes.length);
        for (let only = -1; only < sizes.length - 2; only++) {
          const perms = somePerms(sizes, only, 10 + only);
          await assertNoLeaks(() => {
            const permuted = permute(arch, params, perms);
            assertSameFunction(arch, params, permuted, only + 20);
            disposeParams(permuted);
          });
        }
        disposeParams(params);
      });
    }
    for (const activation of ["relu", "leakyRelu", "linear", "squaredRelu"] as Activation[]) {
      it(`rescale: ${activation}, ${sizes.length - 2} hidden, each layer and all together`, async () => {
        const arch = mlp(sizes, { activation });
        const params = randomMlp(arch, 30 + sizes.length);
        for (let only = -1; only < sizes.length - 2; only++) {
          const scales = someScales(sizes, only, sizes.length + only);
          await assertNoLeaks(() => {
            const scaled = rescale(arch, params, scales);
            assertSameFunction(arch, params, scaled, only + 40);
            disposeParams(scaled);
          });
        }
        disposeParams(params);
      });
    }
  }

  it("random group elements (perms and scales together) preserve the function", async () => {
    for (const activation of ["relu", "squaredRelu"] as Activation[]) {
      const arch = mlp([4, 9, 7, 3], { activation });
      const params = randomMlp(arch, 8);
      await assertNoLeaks(() => {
        const scaled = rescale(arch, params, randomScales(arch, 7, [0.5, 2]));
        const moved = permute(arch, scaled, randomPerms(permutationSpec(arch), 42));
        assertSameFunction(arch, params, moved, 5);
        disposeParams(scaled);
        disposeParams(moved);
      });
      disposeParams(params);
    }
  });
});

describe("permute", () => {
  it("moves units as documented: permuted[i] = original[perm[i]]", () => {
    const arch = mlp([2, 3, 1]);
    const params = randomMlp(arch, 9);
    const permuted = permute(arch, params, { P_0: [2, 0, 1] });
    const bias = params["dense0/bias"].dataSync();
    assertClose(permuted["dense0/bias"].dataSync(), [bias[2], bias[0], bias[1]], 0);
    const out = params["dense1/kernel"].dataSync();
    assertClose(permuted["dense1/kernel"].dataSync(), [out[2], out[0], out[1]], 0);
    assertClose(permuted["dense1/bias"].dataSync(), params["dense1/bias"].dataSync(), 0);
    disposeParams(permuted);
    disposeParams(params);
  });

  it("rejects bad perms and params of another architecture", () => {
    const arch = mlp([3, 4, 2]);
    const params = randomMlp(arch, 1);
    assert.throws(() => permute(arch, params, { P_0: [0, 1, 2, 2] }), {
      message: "permute: P_0 is not a permutation of 0..3: 2 appears twice",
    });
    assert.throws(() => permute(mlp([3, 5, 2]), params, { P_0: [0, 1, 2, 3, 4] }), {
      message: "permute: dense0/kernel is [3,4] but the architecture makes it [3,5]",
    });
    disposeParams(params);
  });
});
