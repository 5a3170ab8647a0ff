import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { forward } from "../../lib/core/forward";
import { disposeParams, type Params } from "../../lib/core/params";
import { conservedDrift, conservedQuantities, neuronSquaredNorms } from "../../lib/gauge/conserved";
import { permute } from "../../lib/gauge/permute";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { rescale } from "../../lib/gauge/rescale";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp, randomX } from "./helpers";

useBackend();

const SIZES = [6, 10, 8, 3];

/** `numSteps` plain SGD steps with step `lr` on the MSE to targets `y`; returns new params (caller owns). */
function sgd(params: Params, X: tf.Tensor2D, y: tf.Tensor2D, lr: number, numSteps: number): Params {
  const names = Object.keys(params);
  let current: tf.Tensor[] = names.map((n) => params[n].clone());
  // Squared error summed over outputs, averaged over the batch.
  const lossOf = (...ts: tf.Tensor[]) =>
    tf.div(
      tf.sum(tf.square(tf.sub(forward(Object.fromEntries(names.map((n, i) => [n, ts[i]])), X), y))),
      X.shape[0],
    ) as tf.Scalar;
  const grads = tf.grads(lossOf);
  for (let step = 0; step < numSteps; step++) {
    const next = tf.tidy(() => grads(current).map((g, i) => tf.sub(current[i], tf.mul(g, lr))));
    tf.dispose(current);
    current = next;
  }
  return Object.fromEntries(names.map((n, i) => [n, current[i]]));
}

describe("conserved quantities", () => {
  it("are ||w_in||^2 + b^2 - ||w_out||^2 per neuron", async () => {
    const params = randomMlp([2, 3, 1], 1);
    const q = await assertNoLeaks(() => conservedQuantities(params));
    const w = params["dense0/kernel"].dataSync();
    const b = params["dense0/bias"].dataSync();
    const v = params["dense1/kernel"].dataSync();
    const expected = [0, 1, 2].map((i) => w[i] ** 2 + w[3 + i] ** 2 + b[i] ** 2 - v[i] ** 2);
    assert.equal(q.length, 1);
    assert.ok(q[0] instanceof Float32Array);
    assertClose(q[0], expected, 1e-6);
    disposeParams(params);
  });

  it("are permuted exactly by permutations and change in closed form under rescaling", () => {
    const params = randomMlp(SIZES, 2);
    const perms = randomPerms(permutationSpec(params), 3);
    const permuted = permute(params, perms);
    const q = conservedQuantities(params);
    const qp = conservedQuantities(permuted);
    q.forEach((ql, l) =>
      assert.deepEqual(
        Array.from(qp[l]),
        perms[`P_${l}`].map((i) => ql[i]),
      ),
    );
    // Rescaling hidden layer l alone: that layer's quantities become c^2 in - out / c^2.
    const { incoming, outgoing } = neuronSquaredNorms(params);
    const allScales = randomScales(params, 4, [0.5, 2]);
    allScales.forEach((c, l) => {
      const scales = allScales.map((s, k) => (k === l ? s : new Float32Array(s.length).fill(1)));
      const scaled = rescale(params, scales);
      assertClose(
        conservedQuantities(scaled)[l],
        Array.from(incoming[l], (x, i) => c[i] ** 2 * x - outgoing[l][i] / c[i] ** 2),
        1e-5,
      );
      disposeParams(scaled);
    });
    [params, permuted].forEach(disposeParams);
  });

  it("drift like lr^2 under SGD: tiny steps (gradient flow) barely move them", async () => {
    const params = randomMlp(SIZES, 5);
    const X = randomX(32, SIZES[0], 6);
    const y = tf.tidy(() => tf.mul(randomX(32, SIZES[3], 7), 3) as tf.Tensor2D);
    const drift = (lr: number) =>
      assertNoLeaks(() => {
        const after = sgd(params, X, y, lr, 10);
        const d = conservedDrift(params, after);
        disposeParams(after);
        return d;
      });
    const [big, mid, small] = [await drift(1e-1), await drift(1e-2), await drift(1e-4)];
    assert.ok(big.maxAbs > 1e-4, `lr 0.1 should move them visibly; drift ${big.maxAbs}`);
    assert.ok(
      small.maxAbs < 1e-3 * big.maxAbs,
      `lr 1e-4 drift ${small.maxAbs} vs lr 0.1 drift ${big.maxAbs}`,
    );
    const ratio = big.meanAbs / mid.meanAbs;
    assert.ok(ratio > 30 && ratio < 300, `10x the step should give ~100x the drift; got ${ratio}`);
    assert.equal(big.perLayer.length, 2);
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("rejects networks of different sizes", () => {
    const a = randomMlp([2, 3, 1], 1);
    const b = randomMlp([2, 4, 1], 1);
    assert.throws(() => conservedDrift(a, b), {
      message: "conservedDrift: layer sizes differ: [2,3,1] vs [2,4,1]",
    });
    [a, b].forEach(disposeParams);
  });
});
