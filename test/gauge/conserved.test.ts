import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, mlp } from "../../lib/core/architecture";
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
function sgd(
  arch: Architecture,
  params: Params,
  X: tf.Tensor2D,
  y: tf.Tensor2D,
  lr: number,
  numSteps: number,
) {
  const names = Object.keys(params);
  let current: tf.Tensor[] = names.map((n) => params[n].clone());
  // Squared error summed over outputs, averaged over the batch.
  const lossOf = (...ts: tf.Tensor[]) =>
    tf.div(
      tf.sum(tf.square(tf.sub(forward(arch, Object.fromEntries(names.map((n, i) => [n, ts[i]])), X), y))),
      X.shape[0],
    ) as tf.Scalar;
  const grads = tf.grads(lossOf);
  for (let step = 0; step < numSteps; step++) {
    const next = tf.tidy(() => grads(current).map((g, i) => tf.sub(current[i], tf.mul(g, lr))));
    tf.dispose(current);
    current = next;
  }
  return Object.fromEntries(names.map((n, i) => [n, current[i]])) as Params;
}

/** The mean over units of |Δ(‖w_in‖² + b² − p‖w_out‖²)| for a given p, from the squared norms. */
function meanDriftFor(arch: Architecture, before: Params, after: Params, p: number): number {
  const [a, b] = [neuronSquaredNorms(arch, before), neuronSquaredNorms(arch, after)];
  let [sum, count] = [0, 0];
  for (const g of Object.keys(a.incoming)) {
    a.incoming[g].forEach((x, i) => {
      sum += Math.abs(b.incoming[g][i] - p * b.outgoing[g][i] - (x - p * a.outgoing[g][i]));
      count++;
    });
  }
  return sum / count;
}

describe("conserved quantities", () => {
  it("are ||w_in||^2 + b^2 - p ||w_out||^2 per neuron (p = 1 for ReLU, 2 for ReLU²)", async () => {
    for (const [activation, p] of [
      ["relu", 1],
      ["squaredRelu", 2],
    ] as const) {
      const arch = mlp([2, 3, 1], { activation });
      const params = randomMlp(arch, 1);
      const q = await assertNoLeaks(() => conservedQuantities(arch, params));
      const w = params["dense0/kernel"].dataSync();
      const b = params["dense0/bias"].dataSync();
      const v = params["dense1/kernel"].dataSync();
      const expected = [0, 1, 2].map((i) => w[i] ** 2 + w[3 + i] ** 2 + b[i] ** 2 - p * v[i] ** 2);
      assert.deepEqual(Object.keys(q), ["P_0"]);
      assert.ok(q.P_0 instanceof Float32Array);
      assertClose(q.P_0, expected, 1e-6);
      disposeParams(params);
    }
  });

  it("skip groups without a rescaling symmetry (tanh), whose squared norms are still reported", () => {
    const arch = mlp([2, 3, 1], { activation: "tanh" });
    const params = randomMlp(arch, 1);
    assert.deepEqual(conservedQuantities(arch, params), {});
    assert.deepEqual(conservedDrift(arch, params, params), { perGroup: {}, maxAbs: 0, meanAbs: 0 });
    assert.equal(neuronSquaredNorms(arch, params).incoming.P_0.length, 3);
    disposeParams(params);
  });

  for (const [activation, p] of [
    ["relu", 1],
    ["squaredRelu", 2],
  ] as const) {
    it(`are permuted exactly by permutations and change in closed form under rescaling (${activation})`, () => {
      const arch = mlp(SIZES, { activation });
      const params = randomMlp(arch, 2);
      const perms = randomPerms(permutationSpec(arch), 3);
      const permuted = permute(arch, params, perms);
      const q = conservedQuantities(arch, params);
      const qp = conservedQuantities(arch, permuted);
      for (const [g, qg] of Object.entries(q)) {
        assert.deepEqual(
          Array.from(qp[g]),
          perms[g].map((i) => qg[i]),
        );
      }
      // Rescaling group g alone: its quantities become c^2 in - p out / c^(2p).
      const { incoming, outgoing } = neuronSquaredNorms(arch, params);
      const allScales = randomScales(arch, 4, [0.5, 2]);
      for (const [g, c] of Object.entries(allScales)) {
        const scales = Object.fromEntries(
          Object.entries(allScales).map(([k, s]) => [k, k === g ? s : new Float32Array(s.length).fill(1)]),
        );
        const scaled = rescale(arch, params, scales);
        assertClose(
          conservedQuantities(arch, scaled)[g],
          Array.from(incoming[g], (x, i) => c[i] ** 2 * x - (p * outgoing[g][i]) / c[i] ** (2 * p)),
          1e-5,
        );
        disposeParams(scaled);
      }
      [params, permuted].forEach(disposeParams);
    });
  }

  it("drift like lr^2 under SGD: tiny steps (gradient flow) barely move them", async () => {
    const arch = mlp(SIZES);
    const params = randomMlp(arch, 5);
    const X = randomX(32, SIZES[0], 6);
    const y = tf.tidy(() => tf.mul(randomX(32, SIZES[3], 7), 3) as tf.Tensor2D);
    const drift = (lr: number) =>
      assertNoLeaks(() => {
        const after = sgd(arch, params, X, y, lr, 10);
        const d = conservedDrift(arch, params, after);
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
    assert.deepEqual(Object.keys(big.perGroup), ["P_0", "P_1"]);
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("ReLU²: the p = 2 quantity drifts like lr^2, the p = 1 one like lr (it is not conserved)", async () => {
    const arch = mlp(SIZES, { activation: "squaredRelu" });
    const params = randomMlp(arch, 5);
    const X = randomX(32, SIZES[0], 6);
    const y = tf.tidy(() => tf.mul(randomX(32, SIZES[3], 7), 3) as tf.Tensor2D);
    const run = (lr: number) =>
      assertNoLeaks(() => {
        const after = sgd(arch, params, X, y, lr, 10);
        const result = {
          right: conservedDrift(arch, params, after).meanAbs,
          check: meanDriftFor(arch, params, after, 2),
          wrong: meanDriftFor(arch, params, after, 1),
        };
        disposeParams(after);
        return result;
      });
    const [big, mid] = [await run(1e-1), await run(1e-2)];
    assert.ok(Math.abs(big.right - big.check) <= 1e-12 * Math.max(1, big.check));
    const right = big.right / mid.right;
    const wrong = big.wrong / mid.wrong;
    assert.ok(right > 30 && right < 300, `p = 2: 10x the step should give ~100x the drift; got ${right}`);
    assert.ok(wrong > 5 && wrong < 20, `p = 1: 10x the step should give ~10x the drift; got ${wrong}`);
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("rejects networks that do not fit the architecture", () => {
    const arch = mlp([2, 3, 1]);
    const a = randomMlp(arch, 1);
    const b = randomMlp(mlp([2, 4, 1]), 1);
    assert.throws(() => conservedDrift(arch, a, b), {
      message: "conservedDrift (after): dense0/kernel is [2,4] but the architecture makes it [2,3]",
    });
    assert.throws(() => conservedQuantities(arch, b), {
      message: "conservedQuantities: dense0/kernel is [2,4] but the architecture makes it [2,3]",
    });
    [a, b].forEach(disposeParams);
  });
});
