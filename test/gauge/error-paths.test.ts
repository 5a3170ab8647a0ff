import { it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams, type Params } from "../../lib/core/params";
import { canonicalize } from "../../lib/gauge/canonical-form";
import { gaugeDistance, matchedDistance } from "../../lib/gauge/gauge-distance";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp } from "./helpers";

// Every error path frees its tensors: these throw after tensors were made (outside any tf.tidy).

useBackend();

const arch = mlp([3, 4, 2]);

it("matchedDistance frees both rescaled networks when weight matching rejects its options", async () => {
  const [a, b] = [randomMlp(arch, 1), randomMlp(arch, 2)];
  await assertNoLeaks(() => {
    assert.throws(() => matchedDistance(arch, a, b, { maxIter: 0 }), {
      message: "weightMatching: maxIter must be a positive integer; got 0",
    });
    assert.throws(() => matchedDistance(arch, a, b, { maxiter: 3 } as never), {
      message: /^weightMatching: unknown option "maxiter"; did you mean "maxIter"\?/,
    });
  });
  [a, b].forEach(disposeParams);
});

/** A network whose unit 0 has a tiny incoming vector (2^-100) and a tiny outgoing weight (2^-40). */
function tinyUnit(): Params {
  const random = randomMlp(arch, 3);
  const kernel = Float32Array.from(random["dense0/kernel"].dataSync());
  const out = Float32Array.from(random["dense1/kernel"].dataSync());
  disposeParams(random);
  for (const i of [0, 4, 8]) kernel[i] = i === 0 ? 2 ** -100 : 0;
  out[0] = 2 ** -40;
  out[1] = 2 ** -40;
  return {
    "dense0/kernel": tf.tensor2d(kernel, [3, 4]),
    "dense0/bias": tf.tensor1d([0, 0.1, 0.1, 0.1]),
    "dense1/kernel": tf.tensor2d(out, [4, 2]),
    "dense1/bias": tf.tensor1d([0, 0]),
  };
}

it("canonicalize and gaugeDistance fail without leaking when the canonical scales leave float32's range", async () => {
  // Unit 0's incoming norm is 2^-100, so its scale is 2^100 and its outgoing 2^-40 becomes 2^-140, a subnormal.
  const p = tinyUnit();
  const q = randomMlp(arch, 4);
  await assertNoLeaks(() => {
    const expected =
      /^rescale: dense1\/kernel\[0, 0\] goes from 9\.094947017729282e-13 to .* \(scaled by P_0\[0\] = /;
    assert.throws(() => canonicalize(arch, p), { message: expected });
    assert.throws(() => gaugeDistance(arch, q, p), { message: expected });
  });
  [p, q].forEach(disposeParams);
});
