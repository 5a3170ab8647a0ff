import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { Mask } from "../../lib/train/mask";
import { synflow, synflowScores } from "../../lib/prune/synflow";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, keptOf, makeParams, maskValues } from "./helpers";

useBackend();

const K2 = ["dense0/kernel", "dense1/kernel"];
const K3 = [...K2, "dense2/kernel"];

const abs2d = (t: tf.Tensor) => (t.arraySync() as number[][]).map((row) => row.map(Math.abs));

describe("synflowScores", () => {
  const twoArch = mlp([3, 4, 2]);
  const threeArch = mlp([4, 5, 3, 2]);
  const two = makeParams(twoArch, 6); // mixed signs, nonzero biases
  const three = makeParams(threeArch, 7);
  after(() => {
    disposeParams(two);
    disposeParams(three);
  });

  it("matches the 2-layer closed form |W0|_ij·(|W1|1)_j and (1ᵀ|W0|)_j·|W1|_jk", async () => {
    const m0 = fullMask(twoArch);
    await assertNoLeaks(() => {
      const scores = synflowScores(twoArch, two, m0);
      const [A, B] = [abs2d(two["dense0/kernel"]), abs2d(two["dense1/kernel"])];
      const rowSumB = B.map((row) => row.reduce((s, v) => s + v, 0));
      const colSumA = A[0].map((_, j) => A.reduce((s, row) => s + row[j], 0));
      const s0 = A.flatMap((row) => row.map((v, j) => v * rowSumB[j]));
      const s1 = B.flatMap((row, j) => row.map((v) => colSumA[j] * v));
      assertClose(scores["dense0/kernel"].dataSync(), s0, 1e-5);
      assertClose(scores["dense1/kernel"].dataSync(), s1, 1e-5);
      tf.dispose(Object.values(scores));
    });
    m0.dispose();
  });

  it("scores through the masked network: pruned weights score 0 and drop out of the others' paths", () => {
    const m0 = fullMask(twoArch);
    const m1 = synflow(twoArch, two, m0, { density: 0.5, iterations: 1 });
    const scores = synflowScores(twoArch, two, m1);
    const [ma, mb] = K2.map((name) => maskValues(m1, name));
    const A = abs2d(two["dense0/kernel"]).map((row, i) => row.map((v, j) => v * ma[i * 4 + j]));
    const B = abs2d(two["dense1/kernel"]).map((row, j) => row.map((v, k) => v * mb[j * 2 + k]));
    const rowSumB = B.map((row) => row.reduce((s, v) => s + v, 0));
    const colSumA = A[0].map((_, j) => A.reduce((s, row) => s + row[j], 0));
    assertClose(
      scores["dense0/kernel"].dataSync(),
      A.flatMap((row) => row.map((v, j) => v * rowSumB[j])),
      1e-5,
    );
    assertClose(
      scores["dense1/kernel"].dataSync(),
      B.flatMap((row, j) => row.map((v) => colSumA[j] * v)),
      1e-5,
    );
    tf.dispose(Object.values(scores));
    disposeMasks(m0, m1);
  });

  it("conserves synaptic flow: every layer's scores sum to R = 1ᵀ|W0||W1||W2|1", () => {
    const m0 = fullMask(threeArch);
    const scores = synflowScores(threeArch, three, m0);
    const R = tf.tidy(
      () =>
        K3.reduce(
          (h, name) => tf.matMul(h, tf.abs(three[name]) as tf.Tensor2D),
          tf.ones([1, 4]) as tf.Tensor2D,
        )
          .sum()
          .dataSync()[0],
    );
    for (const name of K3) {
      const sum = Array.from(scores[name].dataSync()).reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sum - R) <= 1e-4 * R, `${name}: ${sum} vs R = ${R}`);
    }
    tf.dispose(Object.values(scores));
    m0.dispose();
  });
});

describe("synflow", () => {
  const arch = mlp([6, 8, 5, 3]); // kernels of 48, 40, 15 weights
  const params = makeParams(arch, 8);
  after(() => disposeParams(params));

  it("reaches exactly round(density × total) over the chosen layers, global and monotone", async () => {
    const m0 = fullMask(arch);
    await assertNoLeaks(() => {
      const m1 = synflow(arch, params, m0, { density: 0.2, iterations: 10 }); // round(0.2 · 103) = 21
      assert.equal(
        K3.reduce((n, name) => n + keptOf(m1, name), 0),
        21,
      );
      const m2 = synflow(arch, params, m1, {
        density: 0.1,
        iterations: 5,
        layers: ["dense0/kernel", "dense1/kernel"],
      });
      assert.equal(keptOf(m2, "dense0/kernel") + keptOf(m2, "dense1/kernel"), 9); // round(0.1 · 88)
      assert.equal(keptOf(m2, "dense2/kernel"), keptOf(m1, "dense2/kernel"));
      for (const name of K3) {
        const [a, b] = [maskValues(m1, name), maskValues(m2, name)];
        b.forEach((v, i) => assert.ok(v <= a[i], `${name}[${i}] came back to life`));
      }
      disposeMasks(m1, m2);
    });
    m0.dispose();
  });

  it("with one iteration keeps the top-scoring weights in one global ranking", () => {
    const m0 = fullMask(arch);
    const once = synflow(arch, params, m0, { density: 0.3, iterations: 1 });
    const scores = synflowScores(arch, params, m0);
    const s = K3.flatMap((name) => Array.from(scores[name].dataSync()));
    const m = K3.flatMap((name) => Array.from(maskValues(once, name)));
    const kept = s.filter((_, i) => m[i] === 1);
    const pruned = s.filter((_, i) => m[i] === 0);
    assert.equal(kept.length, 31); // round(0.3 · 103)
    assert.ok(Math.min(...kept) >= Math.max(...pruned));
    tf.dispose(Object.values(scores));
    disposeMasks(m0, once);
  });

  it("follows the exponential schedule: 2 iterations to 1/4 keep the top 1/2, re-score, keep the top 1/4", () => {
    const m0 = fullMask(arch);
    const total = 103;
    let keep = new Array<number>(total).fill(1);
    for (const target of [Math.round(0.5 * total), Math.round(0.25 * total)]) {
      const current = Mask.fromTensors(
        Object.fromEntries(
          K3.map((name, l) => {
            const offset = [0, 48, 88][l];
            return [name, tf.tensor(keep.slice(offset, offset + params[name].size), params[name].shape)];
          }),
        ),
      );
      const scores = synflowScores(arch, params, current);
      const s = K3.flatMap((name) => Array.from(scores[name].dataSync()));
      const order = s.map((_, i) => i).filter((i) => keep[i] === 1);
      order.sort((a, b) => s[b] - s[a] || b - a); // best first; ties: the later index survives
      keep = new Array<number>(total).fill(0);
      for (const i of order.slice(0, target)) keep[i] = 1;
      tf.dispose(Object.values(scores));
      current.dispose();
    }
    const m2 = synflow(arch, params, m0, { density: 0.25, iterations: 2 });
    assert.deepEqual(
      K3.flatMap((name) => Array.from(maskValues(m2, name))),
      keep,
    );
    disposeMasks(m0, m2);
  });
});
