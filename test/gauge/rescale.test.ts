import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { layerSizes, mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { deriveSeed, Rng } from "../../lib/core/rng";
import { identityPerm } from "../../lib/gauge/perm";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { rescale, type Scales } from "../../lib/gauge/rescale";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { assertClose, useBackend } from "../helpers/tf";
import { randomMlp } from "./helpers";

// The function-preserving property of rescale runs on both backends in symmetry.test.ts.
useBackend();

describe("rescale", () => {
  it("scales incoming weights and bias by c and outgoing by 1/c (ReLU, p = 1)", () => {
    const arch = mlp([1, 2, 1]);
    const params = randomMlp(arch, 3);
    const scaled = rescale(arch, params, { P_0: [2, 0.5] });
    const w = params["dense0/kernel"].dataSync();
    const b = params["dense0/bias"].dataSync();
    const v = params["dense1/kernel"].dataSync();
    assertClose(scaled["dense0/kernel"].dataSync(), [2 * w[0], 0.5 * w[1]]);
    assertClose(scaled["dense0/bias"].dataSync(), [2 * b[0], 0.5 * b[1]]);
    assertClose(scaled["dense1/kernel"].dataSync(), [v[0] / 2, v[1] / 0.5]);
    assertClose(scaled["dense1/bias"].dataSync(), params["dense1/bias"].dataSync(), 0);
    disposeParams(scaled);
    disposeParams(params);
  });

  it("scales outgoing weights by c^-2 for ReLU² (p = 2)", () => {
    const arch = mlp([1, 2, 1], { activation: "squaredRelu" });
    assert.equal(permutationSpec(arch).groups.P_0.rescaleDegree, 2);
    const params = randomMlp(arch, 3);
    const scaled = rescale(arch, params, { P_0: [2, 0.5] });
    const v = params["dense1/kernel"].dataSync();
    assertClose(scaled["dense1/kernel"].dataSync(), [v[0] / 4, v[1] / 0.25]);
    disposeParams(scaled);
    disposeParams(params);
  });

  it("is the old per-layer MLP rescale bit for bit (multiply incoming, then tf.div outgoing)", () => {
    const sizes = [5, 6, 4, 3];
    const arch = mlp(sizes);
    const params = randomMlp(arch, 12);
    const scales = randomScales(arch, 13, [0.25, 4]);
    const scaled = rescale(arch, params, scales);
    const expected = tf.tidy(() => {
      const out: Record<string, tf.Tensor> = {};
      for (let l = 0; l + 1 < sizes.length; l++) {
        let kernel = params[`dense${l}/kernel`];
        let bias = params[`dense${l}/bias`];
        if (l < sizes.length - 2) {
          const c = tf.tensor1d(scales[`P_${l}`]);
          kernel = tf.mul(kernel, c.reshape([1, -1]));
          bias = tf.mul(bias, c);
        }
        if (l > 0) kernel = tf.div(kernel, tf.tensor1d(scales[`P_${l - 1}`]).reshape([-1, 1]));
        [out[`dense${l}/kernel`], out[`dense${l}/bias`]] = [kernel.clone(), bias.clone()];
      }
      return out;
    });
    for (const name of Object.keys(params)) {
      assert.deepEqual(scaled[name].dataSync(), expected[name].dataSync(), name);
    }
    [params, scaled, expected].forEach(disposeParams);
  });

  it("refuses to rescale tanh units, naming the group and why", () => {
    const arch = mlp([2, 3, 1], { activation: "tanh" });
    const params = randomMlp(arch, 1);
    assert.equal(permutationSpec(arch).groups.P_0.rescaleDegree, null);
    assert.throws(() => rescale(arch, params, { P_0: [1, 2, 3] }), {
      message:
        "rescale: P_0: tanh units have no rescaling symmetry (act(c·z) is not c^p·act(z)); " +
        "leave P_0 out of the scales",
    });
    assert.deepEqual(randomScales(arch, 1), {});
    const same = rescale(arch, params, {});
    assertClose(same["dense0/kernel"].dataSync(), params["dense0/kernel"].dataSync(), 0);
    [params, same].forEach(disposeParams);
  });

  it("rejects missing, extra, misfit, non-positive and NaN scales with exact messages", () => {
    const arch = mlp([2, 3, 2, 1]);
    const params = randomMlp(arch, 4);
    const cases: [Scales, string][] = [
      [{ P_0: [1, 1, 1] }, "rescale: no scales for P_1 (the groups that rescale are P_0, P_1)"],
      [
        { P_0: [1, 1, 1], P_1: [1, 1], P_2: [1] },
        "rescale: P_2 is not a unit group of this architecture (it has P_0, P_1)",
      ],
      [{ P_0: [1, 1], P_1: [1, 1] }, "rescale: P_0 has 2 scales but the group has 3 units"],
      [{ P_0: [1, 0, 1], P_1: [1, 1] }, "rescale: P_0[1] is 0; scales must be positive and finite"],
      [{ P_0: [1, 1, 1], P_1: [-2, 1] }, "rescale: P_1[0] is -2; scales must be positive and finite"],
      [{ P_0: [1, 1, 1], P_1: [1, NaN] }, "rescale: P_1[1] is NaN; scales must be positive and finite"],
      [
        { P_0: [1, 1, 1], P_1: [1, Infinity] },
        "rescale: P_1[1] is Infinity; scales must be positive and finite",
      ],
    ];
    for (const [scales, message] of cases) assert.throws(() => rescale(arch, params, scales), { message });
    const extra = { ...params, "norm/scale": tf.ones([1]) };
    assert.throws(() => rescale(arch, extra, { P_0: [1, 1, 1], P_1: [1, 1] }), {
      message:
        "rescale: params have norm/scale, which the architecture does not " +
        "(it has dense0/kernel, dense0/bias, dense1/kernel, dense1/bias, dense2/kernel, dense2/bias)",
    });
    extra["norm/scale"].dispose();
    disposeParams(params);
  });
});

describe("random group elements", () => {
  it("are deterministic from a seed, valid, and keep the old per-layer streams", () => {
    const arch = mlp([4, 9, 7, 3]);
    const spec = permutationSpec(arch);
    const perms = randomPerms(spec, 42);
    assert.deepEqual(perms, randomPerms(spec, 42));
    assert.notDeepEqual(perms, randomPerms(spec, 43));
    assert.deepEqual(
      [...perms.P_0].sort((a, b) => a - b),
      identityPerm(9),
    );
    const scales = randomScales(arch, 7, [0.5, 2]);
    assert.deepEqual(scales, randomScales(arch, 7, [0.5, 2]));
    assert.deepEqual(Object.keys(scales), ["P_0", "P_1"]);
    assert.deepEqual(
      Object.values(scales).map((s) => s.length),
      layerSizes(arch).slice(1, -1),
    );
    assert.ok(Object.values(scales).every((s) => s.every((c) => c >= 0.5 && c <= 2)));
    const rng = new Rng(deriveSeed(7, "scale1"));
    const old = Float32Array.from({ length: 7 }, () => Math.exp(rng.uniform(Math.log(0.5), Math.log(2))));
    assert.deepEqual(scales.P_1, old);
    // Same values as a squaredRelu network of the same sizes: the streams depend on the group index only.
    assert.deepEqual(randomScales(mlp([4, 9, 7, 3], { activation: "squaredRelu" }), 7, [0.5, 2]), scales);
  });

  it("rejects a bad scale range", () => {
    const arch = mlp([2, 3, 1]);
    for (const range of [
      [0, 2],
      [2, 1],
      [NaN, 1],
      [1, Infinity],
    ] as const) {
      assert.throws(() => randomScales(arch, 1, range), {
        message: `randomScales: range must be [lo, hi] with 0 < lo <= hi, finite; got [${range[0]}, ${range[1]}]`,
      });
    }
  });
});
