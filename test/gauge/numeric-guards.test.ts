import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams, type Params } from "../../lib/core/params";
import { canonicalGauge, canonicalize } from "../../lib/gauge/canonical-form";
import { conservedQuantities } from "../../lib/gauge/conserved";
import { lossBarrier } from "../../lib/gauge/interpolation";
import { linearAssignment, linearAssignmentFlat } from "../../lib/gauge/linear-assignment";
import { orbitSize } from "../../lib/gauge/orbit-count";
import { permute } from "../../lib/gauge/permute";
import { rescale } from "../../lib/gauge/rescale";
import { assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";
import { randomMlp } from "./helpers";

useBackend();

/** A 1-1-1 ReLU network (or ReLU² with `activation`) with kernel entries `w1`, `w2` and zero biases. */
function tiny(w1: number, w2: number): Params {
  return {
    "dense0/kernel": tf.tensor2d([[w1]]),
    "dense0/bias": tf.tensor1d([0]),
    "dense1/kernel": tf.tensor2d([[w2]]),
    "dense1/bias": tf.tensor1d([0]),
  };
}

const RULE =
  "rescaled weights must stay where their squares are normal float32s, |w| from 1.1e-19 to 1.8e19 " +
  "(conserved quantities, weight decay and the optimisers square them): choose scales closer to 1";

describeOnBackends("rescale: scales that push weights out of float32's usable range", () => {
  const arch = mlp([1, 1, 1]);

  it("rejects a scale that is Infinity in float32, or whose power is (ReLU²)", () => {
    const p = tiny(0.5, 0.5);
    assert.throws(() => rescale(arch, p, { P_0: [1e39] }), {
      message:
        "rescale: P_0[0] is 1e+39; it must lie in float32's range (about 1.2e-38 to 3.4e38), as rescale " +
        "computes in float32",
    });
    assert.throws(() => rescale(arch, p, { P_0: [1e-39] }), {
      message: /^rescale: P_0\[0\] is 1e-39; it must/,
    });
    assert.throws(() => rescale(mlp([1, 1, 1], { activation: "squaredRelu" }), p, { P_0: [1e20] }), {
      message:
        "rescale: P_0[0] is 100000000000000000000; it and its power 2 must lie in float32's range " +
        "(about 1.2e-38 to 3.4e38), as rescale computes in float32",
    });
    assert.throws(() => rescale(arch, p, null as never), {
      message:
        "rescale: scales must be an object of one vector per unit group, e.g. { P_0: [...] }; got null",
    });
    assert.throws(() => rescale(arch, p, { P_0: 2 } as never), {
      message: "rescale: P_0 must be an array of scales; got the number 2",
    });
    disposeParams(p);
  });

  it("rejects c = 1e30 and c = 1e-30 on weights near 1, naming the entry and its scale, without leaking", async () => {
    const p = tiny(0.5, 0.25);
    const big = Math.fround(1e30);
    await assertNoLeaks(() => {
      assert.throws(() => rescale(arch, p, { P_0: [1e30] }), {
        message: `rescale: dense0/kernel[0, 0] goes from 0.5 to ${Math.fround(0.5 * big)} (scaled by P_0[0] = 1e+30); ${RULE}`,
      });
      const small = Math.fround(1e-30);
      assert.throws(() => rescale(arch, p, { P_0: [1e-30] }), {
        message: `rescale: dense0/kernel[0, 0] goes from 0.5 to ${Math.fround(0.5 * small)} (scaled by P_0[0] = 1e-30); ${RULE}`,
      });
    });
    disposeParams(p);
  });

  it("rejects an overflow to Infinity, and an outgoing weight pushed out of range", async () => {
    // 2^100 is already outside the range (so only finiteness applies to it), but 2^100 · 2^30 overflows.
    const p = tiny(2 ** 100, 0.5);
    // The incoming 2^-120 · 2^127 = 128 is fine; the outgoing 0.5 / 2^127 = 2^-128 is not.
    const q = tiny(2 ** -120, 0.5);
    await assertNoLeaks(() => {
      assert.throws(() => rescale(arch, p, { P_0: [2 ** 30] }), {
        message: `rescale: dense0/kernel[0, 0] goes from ${2 ** 100} to Infinity (scaled by P_0[0] = ${2 ** 30}); ${RULE}`,
      });
      assert.throws(() => rescale(arch, q, { P_0: [2 ** 127] }), {
        message: `rescale: dense1/kernel[0, 0] goes from 0.5 to ${2 ** -128} (scaled by P_0[0] = ${2 ** 127}); ${RULE}`,
      });
    });
    [p, q].forEach(disposeParams);
  });

  it("accepts exact rescalings inside the range, zeros, and entries that were already outside it", async () => {
    const p = tiny(2 ** -20, 0); // 2^-20 · 2^-40 = 2^-60 >= 2^-63
    const q = tiny(2 ** -100, 0.5); // 2^-100 starts outside the range; 2^-110 is still a normal float32
    await assertNoLeaks(() => {
      const scaled = rescale(arch, p, { P_0: [2 ** -40] });
      assert.equal(scaled["dense0/kernel"].dataSync()[0], 2 ** -60);
      assert.equal(scaled["dense1/kernel"].dataSync()[0], 0);
      const other = rescale(arch, q, { P_0: [2 ** -10] });
      assert.equal(other["dense0/kernel"].dataSync()[0], 2 ** -110);
      assert.equal(other["dense1/kernel"].dataSync()[0], 2 ** 9);
      [scaled, other].forEach(disposeParams);
    });
    [p, q].forEach(disposeParams);
  });

  it("names every scale that moved an entry (a kernel between two groups)", () => {
    const deep = mlp([1, 2, 2, 1]);
    const params = {
      "dense0/kernel": tf.tensor2d([[1, 1]]),
      "dense0/bias": tf.tensor1d([0, 0]),
      "dense1/kernel": tf.tensor2d([
        [1, 1],
        [1, 1],
      ]),
      "dense1/bias": tf.tensor1d([0, 0]),
      "dense2/kernel": tf.tensor2d([[1], [1]]),
      "dense2/bias": tf.tensor1d([0]),
    };
    assert.throws(() => rescale(deep, params, { P_0: [1, 1e-10], P_1: [1, 1e12] }), {
      message:
        `rescale: dense1/kernel[1, 1] goes from 1 to ${Math.fround(Math.fround(1e12) / Math.fround(1e-10))} ` +
        `(scaled by P_0[1] = 1e-10 and P_1[1] = 1000000000000); ${RULE}`,
    });
    disposeParams(params);
  });
});

describe("tolerances must be finite numbers >= 0", () => {
  const arch = mlp([3, 4, 2]);

  it("canonical form tol", () => {
    const p = randomMlp(arch, 1);
    for (const tol of [NaN, -1e-6, Infinity]) {
      assert.throws(() => canonicalize(arch, p, { tol }), {
        message: `canonicalize: tol must be a finite number >= 0; got ${tol}`,
      });
      assert.throws(() => canonicalGauge(arch, p, { tol }), {
        message: `canonicalGauge: tol must be a finite number >= 0; got ${tol}`,
      });
    }
    assert.throws(() => canonicalize(arch, p, { tol: "1e-6" as unknown as number }), {
      message: 'canonicalize: tol must be a number; got a string ("1e-6")',
    });
    disposeParams(p);
  });

  it("orbitSize tol", () => {
    const p = randomMlp(arch, 1);
    assert.throws(() => orbitSize(arch, p, NaN), {
      message: "orbitSize: tol must be a finite number >= 0; got the number NaN",
    });
    assert.throws(() => orbitSize(arch, p, -1), {
      message: "orbitSize: tol must be a finite number >= 0; got the number -1",
    });
    assert.throws(() => orbitSize(arch, p, "0" as unknown as number), {
      message: 'orbitSize: tol must be a finite number >= 0; got a string ("0")',
    });
    assert.equal(orbitSize(arch, p, 0).log10Distinct, orbitSize(arch, p).log10Distinct);
    disposeParams(p);
  });
});

describe("linearAssignment: overflowing values and non-boolean options", () => {
  it("rejects entries so large that the solver's sums would overflow to Infinity", () => {
    // Before: accepted, and the value 1e308 + 1e308 came back as Infinity.
    assert.throws(
      () =>
        linearAssignment([
          [1e308, 1e308],
          [1e308, -1e308],
        ]),
      {
        message:
          "linearAssignment: entry [0][0] is 1e+308; for a 2 x 2 matrix every entry must be at most 8.99e+306 " +
          "in magnitude, or the solver's sums overflow: scale the matrix down",
      },
    );
    assert.throws(() => linearAssignmentFlat([1, -Infinity, 3, 4], 2, 2), {
      message: "linearAssignment: entry [0][1] is -Infinity; every entry must be a finite number",
    });
  });

  it("still solves matrices with entries just under the bound exactly", () => {
    const big = Number.MAX_VALUE / (4 * 5) / 2;
    const r = linearAssignment([
      [big, -big],
      [-big, big / 2],
    ]);
    assert.deepEqual(Array.from(r.colForRow), [0, 1]);
    assert.equal(r.value, big + big / 2);
  });

  it("rejects maximize: 0 (it used to maximise) and other non-booleans, and unknown options", () => {
    assert.throws(() => linearAssignment([[1]], { maximize: 0 as unknown as boolean }), {
      message: "linearAssignment: maximize must be a boolean; got the number 0",
    });
    assert.throws(() => linearAssignmentFlat([1], 1, 1, { maximize: "false" as unknown as boolean }), {
      message: 'linearAssignment: maximize must be a boolean; got a string ("false")',
    });
    assert.throws(() => linearAssignment([[1]], { maximise: true } as never), {
      message:
        'linearAssignment: unknown option "maximise"; did you mean "maximize"? (the options are maximize, label)',
    });
    assert.throws(() => linearAssignment([[1, 2], "ab"] as never), {
      message: 'linearAssignment: row 1 is not an array of numbers; got a string ("ab")',
    });
    assert.throws(() => linearAssignment("ab" as never), {
      message: "linearAssignment: the matrix must be an array of rows",
    });
    assert.deepEqual(Array.from(linearAssignment([[1, 2]], { maximize: false }).colForRow), [0]);
  });
});

describe("malformed inputs to the gauge tools name what is wrong", () => {
  const arch = mlp([3, 4, 2]);

  it("permute with perms that are not an object", () => {
    const p = randomMlp(arch, 1);
    assert.throws(() => permute(arch, p, null as never), {
      message:
        "permute: perms must be an object of one permutation per unit group, e.g. { P_0: [...] }; got null",
    });
    disposeParams(p);
  });

  it("lossBarrier with t that does not increase, or no curve", () => {
    assert.throws(() => lossBarrier({ t: [0, 0.7, 0.3, 1], loss: [1, 2, 3, 1] }), {
      message: "lossBarrier: t must increase from 0 to 1; t[2] = 0.3 follows t[1] = 0.7",
    });
    assert.throws(() => lossBarrier(null as never), {
      message:
        "lossBarrier: curve must be { t: number[], loss: number[] } (e.g. from interpolationCurve); got null",
    });
  });

  it("linearAssignment with an entry that is not a number (it was coerced: '1' counted as 1)", () => {
    assert.throws(
      () =>
        linearAssignment([
          ["1", 2],
          [3, 4],
        ] as never),
      { message: 'linearAssignment: entry [0][0] is a string ("1"); every entry must be a finite number' },
    );
    assert.throws(() => linearAssignmentFlat(["1", 2] as never, 1, 2), {
      message: 'linearAssignment: entry [0][0] is a string ("1"); every entry must be a finite number',
    });
  });

  it("conservedQuantities whose float32 result would overflow", () => {
    const p = {
      "dense0/kernel": tf.fill([3, 4], 1e20),
      "dense0/bias": tf.zeros([4]),
      "dense1/kernel": tf.fill([4, 2], 1),
      "dense1/bias": tf.zeros([2]),
    };
    assert.throws(() => conservedQuantities(arch, p), {
      message:
        /^conservedQuantities: q of P_0 unit 0 is 3\.\d+e\+40, beyond float32's range \(the weights are too large\); neuronSquaredNorms gives its Float64 parts$/,
    });
    disposeParams(p);
  });
});
