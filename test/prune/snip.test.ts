import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams, type Params } from "../../lib/core/params";
import type { Mask } from "../../lib/train/mask";
import { deriveSeed, normalArray } from "../../lib/core/rng";
import { snip, snipScores } from "../../lib/prune/snip";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, keptOf, makeParams, maskValues } from "./helpers";

useBackend();

const K = ["dense0/kernel", "dense1/kernel"];
const LABELS = [0, 1, 1, 0, 1];

const relu = (z: number) => Math.max(0, z);

/** Mean softmax cross-entropy of a 2-layer MLP with hidden activation `act`, in float64 plain JS: the oracle. */
function lossJs(
  w0: number[][],
  b0: number[],
  w1: number[][],
  b1: number[],
  X: number[][],
  act: (z: number) => number,
): number {
  let total = 0;
  X.forEach((x, n) => {
    const h = b0.map((b, j) => act(b + x.reduce((s, xi, i) => s + xi * w0[i][j], 0)));
    const z = b1.map((b, k) => b + h.reduce((s, hj, j) => s + hj * w1[j][k], 0));
    const zMax = Math.max(...z);
    total += zMax + Math.log(z.reduce((s, zk) => s + Math.exp(zk - zMax), 0)) - z[LABELS[n]];
  });
  return total / X.length;
}

/** SNIP scores |w · ∂L/∂w_eff| by central finite differences in float64, at w_eff = w ⊙ mask. */
function snipByFiniteDifferences(
  params: Params,
  mask: Mask,
  X: number[][],
  act: (z: number) => number = relu,
): number[][] {
  const nested = (name: string) => params[name].arraySync() as number[][];
  const masked = (name: string) => {
    const m = mask.get(name)?.arraySync() as number[][];
    return nested(name).map((row, i) => row.map((v, j) => v * m[i][j]));
  };
  const weights = [masked("dense0/kernel"), masked("dense1/kernel")];
  const b0 = params["dense0/bias"].arraySync() as number[];
  const b1 = params["dense1/bias"].arraySync() as number[];
  const eps = 1e-6;
  return K.map((name, l) => {
    const w = nested(name).flat();
    return w.map((wi, flat) => {
      const cols = weights[l][0].length;
      const [i, j] = [Math.floor(flat / cols), flat % cols];
      const orig = weights[l][i][j];
      weights[l][i][j] = orig + eps;
      const up = lossJs(weights[0], b0, weights[1], b1, X, act);
      weights[l][i][j] = orig - eps;
      const down = lossJs(weights[0], b0, weights[1], b1, X, act);
      weights[l][i][j] = orig;
      return Math.abs(wi * ((up - down) / (2 * eps)));
    });
  });
}

describe("snip", () => {
  const arch = mlp([3, 4, 2]);
  const params = makeParams(arch, 5);
  const Xdata = Array.from({ length: 5 }, (_, n) => Array.from(normalArray(3, deriveSeed(9, n))));
  const X = tf.tensor2d(Xdata);
  const y = tf.tensor1d(LABELS, "int32");
  after(() => {
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("scores |w ⊙ ∂L/∂w| as finite differences of the float64 loss do", async () => {
    const m0 = fullMask(arch);
    await assertNoLeaks(() => {
      const scores = snipScores(arch, params, m0, X, y);
      const expected = snipByFiniteDifferences(params, m0, Xdata);
      K.forEach((name, l) => assertClose(scores[name].dataSync(), expected[l], 1e-5));
      tf.dispose(Object.values(scores));
    });
    m0.dispose();
  });

  it("differentiates through the architecture's own activation (tanh here)", async () => {
    const tanhArch = mlp([3, 4, 2], { activation: "tanh" });
    const m0 = fullMask(tanhArch);
    await assertNoLeaks(() => {
      const scores = snipScores(tanhArch, params, m0, X, y);
      const expected = snipByFiniteDifferences(params, m0, Xdata, Math.tanh);
      K.forEach((name, l) => assertClose(scores[name].dataSync(), expected[l], 1e-5));
      const reluScores = snipScores(arch, params, m0, X, y);
      assert.notDeepEqual(reluScores["dense0/kernel"].dataSync(), scores["dense0/kernel"].dataSync());
      tf.dispose([...Object.values(scores), ...Object.values(reluScores)]);
    });
    m0.dispose();
  });

  it("takes the gradient at the masked weights, and reads one-hot labels like class indices", () => {
    const m0 = fullMask(arch);
    const half = snip(arch, params, m0, { X, y, density: 0.6 });
    const scores = snipScores(arch, params, half, X, y);
    const expected = snipByFiniteDifferences(params, half, Xdata);
    K.forEach((name, l) => assertClose(scores[name].dataSync(), expected[l], 1e-5));
    const yOneHot = tf.oneHot(y, 2);
    const again = snipScores(arch, params, half, X, yOneHot);
    K.forEach((name) => assertClose(again[name].dataSync(), scores[name].dataSync(), 1e-7));
    tf.dispose([...Object.values(scores), ...Object.values(again), yOneHot]);
    disposeMasks(m0, half);
  });

  it("keeps exactly round(density × total) weights, the highest-scoring across layers", async () => {
    const m0 = fullMask(arch);
    await assertNoLeaks(() => {
      const m1 = snip(arch, params, m0, { X, y, density: 0.3 }); // round(0.3 · 20) = 6 of 12 + 8
      assert.equal(keptOf(m1, "dense0/kernel") + keptOf(m1, "dense1/kernel"), 6);
      const scores = snipScores(arch, params, m0, X, y);
      const s = K.flatMap((name) => Array.from(scores[name].dataSync()));
      const m = K.flatMap((name) => Array.from(maskValues(m1, name)));
      const kept = s.filter((_, i) => m[i] === 1);
      const pruned = s.filter((_, i) => m[i] === 0);
      assert.ok(Math.min(...kept) >= Math.max(...pruned), "scores do not separate kept from pruned");
      tf.dispose(Object.values(scores));
      m1.dispose();
    });
    m0.dispose();
  });

  it("prunes only the chosen layers and keeps pruned weights pruned", () => {
    const m0 = fullMask(arch);
    const m1 = snip(arch, params, m0, { X, y, density: 0.5, layers: ["dense0/kernel"] });
    assert.equal(keptOf(m1, "dense0/kernel"), 6);
    assert.equal(keptOf(m1, "dense1/kernel"), 8);
    const m2 = snip(arch, params, m1, { X, y, density: 0.25, layers: ["dense0/kernel"] });
    assert.equal(keptOf(m2, "dense0/kernel"), 3);
    const [a, b] = [maskValues(m1, "dense0/kernel"), maskValues(m2, "dense0/kernel")];
    b.forEach((v, i) => assert.ok(v <= a[i]));
    disposeMasks(m0, m1, m2);
  });

  it("rejects labels that do not fit X and the output layer", () => {
    const m0 = fullMask(arch);
    const bad = tf.zeros([5, 3]);
    assert.throws(() => snip(arch, params, m0, { X, y: bad, density: 0.5 }), {
      message: "snip: y must be [5] class indices or [5, 2] one-hot; got [5,3]",
    });
    const badX = tf.zeros([5, 4]) as tf.Tensor2D;
    assert.throws(() => snip(arch, params, m0, { X: badX, y, density: 0.5 }), {
      message: "snip: X must be [batch, 3] for this architecture; got [5,4]",
    });
    tf.dispose([bad, badX]);
    m0.dispose();
  });

  it("rejects class indices outside [0, outDim) or not integers (they scored every weight 0), without leaking", async () => {
    const m0 = fullMask(arch);
    const cases: [tf.Tensor, string][] = [
      [tf.tensor1d([0, 1, 2, 0, 1], "int32"), "snip: label 2 at example 2 is not a class index in [0, 2)"],
      [tf.tensor1d([0, -1, 1, 0, 1], "int32"), "snip: label -1 at example 1 is not a class index in [0, 2)"],
      [tf.tensor1d([0, 1, 1, 0.5, 1]), "snip: label 0.5 at example 3 is not a class index in [0, 2)"],
    ];
    await assertNoLeaks(() => {
      for (const [labels, message] of cases) {
        assert.throws(() => snip(arch, params, m0, { X, y: labels, density: 0.5 }), { message });
        assert.throws(() => snipScores(arch, params, m0, X, labels), { message });
      }
    });
    tf.dispose(cases.map(([labels]) => labels));
    m0.dispose();
  });

  it("rejects one-hot rows that are not labels, and NaN inputs or weights, without leaking", async () => {
    const m0 = fullMask(arch);
    const zeroRow = tf.tensor2d([1, 0, 0, 1, 0, 0, 1, 0, 0, 1], [5, 2]);
    const negative = tf.tensor2d([1, 0, 0, 1, 2, -1, 1, 0, 0, 1], [5, 2]);
    const Xnan = tf.tensor2d([...Xdata.flat().slice(0, 4), NaN, ...Xdata.flat().slice(5)], [5, 3]);
    const nanParams = { ...params, "dense1/kernel": tf.fill([4, 2], NaN) };
    await assertNoLeaks(() => {
      assert.throws(() => snip(arch, params, m0, { X, y: zeroRow, density: 0.5 }), {
        message: "snip: y row 2 is [0, 0]; a one-hot (or soft) label row must hold entries >= 0 summing to 1",
      });
      assert.throws(() => snip(arch, params, m0, { X, y: negative, density: 0.5 }), {
        message:
          "snip: y row 2 is [2, -1]; a one-hot (or soft) label row must hold entries >= 0 summing to 1",
      });
      assert.throws(() => snip(arch, params, m0, { X: Xnan, y, density: 0.5 }), {
        message: "snip: X holds NaN or Inf values (1 of 15 entries; the first is NaN at [1, 1])",
      });
      assert.throws(() => snipScores(arch, nanParams, m0, X, y), {
        message:
          /^snip: dense1\/kernel holds NaN or Inf values \(8 of 8 entries; the first is NaN at \[0, 0\]\); /,
      });
    });
    tf.dispose([zeroRow, negative, Xnan, nanParams["dense1/kernel"]]);
    m0.dispose();
  });
});
