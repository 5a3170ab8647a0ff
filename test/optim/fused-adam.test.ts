import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../lib/core/backend";
import type { Params } from "../../lib/core/params";
import { type AdamConfig, adam } from "../../lib/optim/adam";
import { fusedAdamStep, prepareFusedAdam } from "../../lib/optim/fused-adam";
import { assertNoLeaks } from "../helpers/tf";

// 4·37 + 1 values (the pass works four at a time, then one by one), with signed zeros, subnormals, values whose
// square overflows and weights that a mask has zeroed (±0 weight, ±0 gradient).
const SPECIAL = [0, -0, 1e-40, -1e-40, 3e-38, 1e20, -1e20, 1.5, -2.25];
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out[i] =
      i % 7 === 0 ? SPECIAL[(i + seed) % SPECIAL.length] : (state / 2 ** 31 - 0.5) * 2 ** ((i % 9) - 4);
  }
  return out;
}

/** Runs `numSteps` Adam steps on the current backend; returns the final params and moments as raw bits. */
function run(config: AdamConfig, numSteps: number): Record<string, number[]> {
  const optimizer = adam.create(config);
  let params: Params = { w: tf.tensor(values(149, 1), [149]), b: tf.tensor(values(3, 2), [3]) };
  for (let s = 0; s < numSteps; s++) {
    const grads = { w: tf.tensor(values(149, 10 + s), [149]), b: tf.tensor(values(3, 20 + s), [3]) };
    const next = optimizer.step(params, grads);
    tf.dispose([...Object.values(params), ...Object.values(grads)]);
    params = next;
  }
  const state = optimizer.saveState?.() as Record<
    string,
    { m: { values: number[] }; v: { values: number[] } }
  >;
  const bits = (xs: ArrayLike<number>) =>
    Array.from(new Uint32Array(Float32Array.from(xs).buffer)).map((b, i) => (Number.isNaN(xs[i]) ? -1 : b));
  const result = {
    w: bits(params.w.dataSync()),
    b: bits(params.b.dataSync()),
    mW: bits(state.w.m.values),
    vW: bits(state.w.v.values),
  };
  tf.dispose(Object.values(params));
  optimizer.dispose();
  return result;
}

describe("the fused Adam pass (wasm)", () => {
  const config: AdamConfig = { kind: "adam", lr: 1.2e-3 };

  it("gives the same bits as tfjs's ops on wasm and on cpu, signed zeros and overflow included", async () => {
    await selectBackend({ GAUGELAB_BACKEND: "wasm" });
    // Steps run synchronously, so the pass that `adam.create` starts assembling is not ready yet: these are the ops.
    const probe = tf.zeros([4]);
    assert.equal(
      fusedAdamStep(probe, probe, undefined, { ...config, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, t: 1 }),
      undefined,
    );
    const ops = run(config, 6);
    assert.equal(await prepareFusedAdam(), true, "the pass assembles and registers on this machine");
    const fused = run(config, 6);
    const other = run({ ...config, beta1: 0.5, beta2: 0.75, epsilon: 1e-3, lr: 0.3 }, 3);
    await selectBackend({ GAUGELAB_BACKEND: "cpu" });
    const cpu = run(config, 6);
    const cpuOther = run({ ...config, beta1: 0.5, beta2: 0.75, epsilon: 1e-3, lr: 0.3 }, 3);
    await selectBackend({ GAUGELAB_BACKEND: "wasm" });
    assert.deepEqual(fused, ops);
    assert.deepEqual(fused, cpu);
    assert.deepEqual(other, cpuOther);
    probe.dispose();
  });

  it("is used once ready, leaks nothing, and refuses moments that do not fit", async () => {
    await selectBackend({ GAUGELAB_BACKEND: "wasm" });
    assert.equal(await prepareFusedAdam(), true);
    const constants = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, lr: 0.01, t: 2 };
    await assertNoLeaks(() => {
      const inputs = [tf.ones([5, 3]), tf.fill([5, 3], 0.5), tf.zeros([5, 3]), tf.zeros([5, 3])];
      const out = fusedAdamStep(inputs[0], inputs[1], { m: inputs[2], v: inputs[3] }, constants);
      assert.ok(out, "the pass runs on wasm");
      assert.deepEqual(
        out.map((x) => x.shape),
        [
          [5, 3],
          [5, 3],
          [5, 3],
        ],
      );
      // lr · m̂ / (√v̂ + ε) with m = 0.05, v = 0.00025 at t = 2: one lr-sized step against the gradient.
      assert.ok(
        Math.abs(
          out[0].dataSync()[0] - (1 - (0.01 * (0.05 / 0.19)) / (Math.sqrt(0.00025 / 0.001999) + 1e-8)),
        ) < 1e-6,
      );
      tf.dispose([...inputs, ...out]);
    });
    const [p, g, small] = [tf.ones([5, 3]), tf.ones([5, 3]), tf.zeros([4])];
    assert.throws(
      () => fusedAdamStep(p, g, { m: small, v: small }, constants),
      /moments must have the weights' shape \[5,3\]/,
    );
    assert.throws(() => fusedAdamStep(p, g, undefined, constants), /step 2 needs the moments/);
    tf.dispose([p, g, small]);
  });
});
