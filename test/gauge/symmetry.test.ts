import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { forward } from "../../lib/core/forward";
import { disposeParams, layerSizes, type Params } from "../../lib/core/params";
import { identityPerm, type Perms } from "../../lib/gauge/perm";
import { permute } from "../../lib/gauge/permute";
import { permName, permutationSpec } from "../../lib/gauge/permutation-spec";
import { rescale } from "../../lib/gauge/rescale";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp, randomPermutation, randomX, testRng, uniforms } from "./helpers";

useBackend();

const ARCHS = [
  [6, 5, 3],
  [6, 5, 4, 3],
  [6, 5, 4, 7, 3],
];

/** Asserts `a` and `b` compute the same outputs on random inputs, to 1e-5. */
function assertSameFunction(a: Params, b: Params, seed: number): void {
  tf.tidy(() => {
    const X = randomX(32, layerSizes(a)[0], seed);
    assertClose(forward(b, X).dataSync(), forward(a, X).dataSync(), 1e-5);
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

describe("permute", () => {
  for (const sizes of ARCHS) {
    it(`preserves the function for each layer and all together, ${sizes.length - 2} hidden`, async () => {
      const params = randomMlp(sizes, sizes.length);
      for (let only = -1; only < sizes.length - 2; only++) {
        const perms = somePerms(sizes, only, 10 + only);
        await assertNoLeaks(() => {
          const permuted = permute(params, perms);
          assertSameFunction(params, permuted, only + 20);
          disposeParams(permuted);
        });
      }
      disposeParams(params);
    });
  }

  it("moves units as documented: permuted[i] = original[perm[i]]", () => {
    const params = randomMlp([2, 3, 1], 9);
    const permuted = permute(params, { P_0: [2, 0, 1] });
    const bias = params["dense0/bias"].dataSync();
    assertClose(permuted["dense0/bias"].dataSync(), [bias[2], bias[0], bias[1]], 0);
    const out = params["dense1/kernel"].dataSync();
    assertClose(permuted["dense1/kernel"].dataSync(), [out[2], out[0], out[1]], 0);
    assertClose(permuted["dense1/bias"].dataSync(), params["dense1/bias"].dataSync(), 0);
    disposeParams(permuted);
    disposeParams(params);
  });

  it("rejects bad perms and a spec from another architecture", () => {
    const params = randomMlp([3, 4, 2], 1);
    const other = randomMlp([3, 5, 2], 1);
    assert.throws(() => permute(params, { P_0: [0, 1, 2, 2] }), {
      message: "permute: P_0 is not a permutation of 0..3: 2 appears twice",
    });
    assert.throws(() => permute(params, { P_0: [0, 1, 2, 3] }, permutationSpec(other)), {
      message: "permute: the spec puts P_0 (5 units) on axis 1 of dense0/kernel [3,4], which has 4",
    });
    disposeParams(params);
    disposeParams(other);
  });
});

describe("rescale", () => {
  for (const sizes of ARCHS) {
    it(`preserves the function for each layer and all together, ${sizes.length - 2} hidden`, async () => {
      const params = randomMlp(sizes, 30 + sizes.length);
      const rand = testRng(sizes.length);
      for (let only = -1; only < sizes.length - 2; only++) {
        const scales = sizes
          .slice(1, -1)
          .map((n, l) =>
            only === -1 || only === l ? uniforms(rand, n, 0.2, 5) : new Array<number>(n).fill(1),
          );
        await assertNoLeaks(() => {
          const scaled = rescale(params, scales);
          assertSameFunction(params, scaled, only + 40);
          disposeParams(scaled);
        });
      }
      disposeParams(params);
    });
  }

  it("scales incoming weights and bias by c and outgoing by 1/c", () => {
    const params = randomMlp([1, 2, 1], 3);
    const scaled = rescale(params, [[2, 0.5]]);
    const w = params["dense0/kernel"].dataSync();
    const b = params["dense0/bias"].dataSync();
    const v = params["dense1/kernel"].dataSync();
    assertClose(scaled["dense0/kernel"].dataSync(), [2 * w[0], 0.5 * w[1]]);
    assertClose(scaled["dense0/bias"].dataSync(), [2 * b[0], 0.5 * b[1]]);
    assertClose(scaled["dense1/kernel"].dataSync(), [v[0] / 2, v[1] / 0.5]);
    disposeParams(scaled);
    disposeParams(params);
  });

  it("rejects non-positive, NaN and misfit scales with exact messages", () => {
    const params = randomMlp([2, 3, 2, 1], 4);
    assert.throws(() => rescale(params, [[1, 1, 1]]), {
      message: "rescale: expected 2 scale vectors (one per hidden layer); got 1",
    });
    assert.throws(
      () =>
        rescale(params, [
          [1, 1],
          [1, 1],
        ]),
      {
        message: "rescale: scales[0] has 2 entries but hidden layer 0 has 3 units",
      },
    );
    assert.throws(
      () =>
        rescale(params, [
          [1, 0, 1],
          [1, 1],
        ]),
      {
        message: "rescale: scales[0][1] is 0; scales must be positive and finite",
      },
    );
    assert.throws(
      () =>
        rescale(params, [
          [1, 1, 1],
          [-2, 1],
        ]),
      {
        message: "rescale: scales[1][0] is -2; scales must be positive and finite",
      },
    );
    assert.throws(
      () =>
        rescale(params, [
          [1, 1, 1],
          [1, NaN],
        ]),
      {
        message: "rescale: scales[1][1] is NaN; scales must be positive and finite",
      },
    );
    const extra = { ...params, "norm/scale": tf.ones([1]) };
    assert.throws(
      () =>
        rescale(extra, [
          [1, 1, 1],
          [1, 1],
        ]),
      {
        message: "rescale: params have norm/scale, which is not part of an MLP",
      },
    );
    extra["norm/scale"].dispose();
    disposeParams(params);
  });
});

describe("random group elements", () => {
  it("are deterministic from a seed, valid, and preserve the function together", async () => {
    const params = randomMlp([4, 9, 7, 3], 8);
    const spec = permutationSpec(params);
    const perms = randomPerms(spec, 42);
    assert.deepEqual(perms, randomPerms(spec, 42));
    assert.notDeepEqual(perms, randomPerms(spec, 43));
    assert.deepEqual(
      [...perms.P_0].sort((a, b) => a - b),
      identityPerm(9),
    );
    const scales = randomScales(params, 7, [0.5, 2]);
    assert.deepEqual(scales, randomScales(params, 7, [0.5, 2]));
    assert.deepEqual(
      scales.map((s) => s.length),
      [9, 7],
    );
    assert.ok(scales.every((s) => s.every((c) => c >= 0.5 && c <= 2)));
    await assertNoLeaks(() => {
      const scaled = rescale(params, scales);
      const moved = permute(scaled, perms, spec);
      assertSameFunction(params, moved, 5);
      disposeParams(scaled);
      disposeParams(moved);
    });
    disposeParams(params);
  });

  it("rejects a bad scale range", () => {
    const params = randomMlp([2, 3, 1], 1);
    for (const range of [
      [0, 2],
      [2, 1],
      [NaN, 1],
      [1, Infinity],
    ] as const) {
      assert.throws(() => randomScales(params, 1, range), {
        message: `randomScales: range must be [lo, hi] with 0 < lo <= hi, finite; got [${range[0]}, ${range[1]}]`,
      });
    }
    disposeParams(params);
  });
});
