import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { layerSizes, mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { foldUnits } from "../../lib/reduce/fold";
import { pruneUnits } from "../../lib/reduce/prune-units";
import { clusterBySimilarity } from "../../lib/reduce/cluster";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const arch = mlp([5, 6, 3]);

/** Params of `arch` with unit `copy` of the hidden layer set to `factor` × unit `of` (incoming and bias). */
function withCopy(params: Params, of: number, copy: number, factor: number): Params {
  return tf.tidy(() => {
    const K = params["dense0/kernel"].arraySync() as number[][];
    const b = params["dense0/bias"].arraySync() as number[];
    for (const row of K) row[copy] = factor * row[of];
    b[copy] = factor * b[of];
    return { ...params, "dense0/kernel": tf.tensor2d(K), "dense0/bias": tf.tensor1d(b) };
  });
}

describe("width reduction", () => {
  const X = normalTensor([40, 5], 11) as tf.Tensor2D;

  it("folding two identical neurons (up to a positive scale) leaves the function unchanged", async () => {
    const init = initParams(arch, { seed: 1, biasValue: 0.2 });
    const copied = withCopy(init, 1, 4, 2.5);
    await assertNoLeaks(() => {
      const folded = foldUnits(arch, copied, { width: 5 });
      assert.deepEqual(folded.sources, [[0], [1, 4], [2], [3], [5]]);
      assert.deepEqual(layerSizes(folded.arch), [5, 5, 3]);
      tf.tidy(() =>
        assertClose(
          forward(folded.arch, folded.params, X).dataSync(),
          forward(arch, copied, X).dataSync(),
          1e-5,
        ),
      );
      disposeParams(folded.params);
    });
    tf.dispose([copied["dense0/kernel"], copied["dense0/bias"]]);
    disposeParams(init);
  });

  it("the variance repair matches each merged unit's pre-activation mean and std to its members' average", async () => {
    const params = initParams(arch, { seed: 2, biasValue: 0.1 });
    await assertNoLeaks(() => {
      const repaired = foldUnits(arch, params, { width: 3, X });
      tf.tidy(() => {
        const rows = (p: Params) => tf.add(tf.matMul(X, p["dense0/kernel"] as tf.Tensor2D), p["dense0/bias"]);
        const src = tf.moments(rows(params), 0);
        const norms = tf.sqrt(
          tf.add(tf.sum(tf.square(params["dense0/kernel"]), 0), tf.square(params["dense0/bias"])),
        );
        const [mu, sd, n] = [src.mean.dataSync(), tf.sqrt(src.variance).dataSync(), norms.dataSync()];
        const got = tf.moments(rows(repaired.params), 0);
        const want = repaired.sources.map((c) => [
          c.reduce((a, i) => a + mu[i] / n[i], 0) / c.length,
          c.reduce((a, i) => a + sd[i] / n[i], 0) / c.length,
        ]);
        assertClose(
          got.mean.dataSync(),
          want.map((w) => w[0]),
          1e-4,
        );
        assertClose(
          tf.sqrt(got.variance).dataSync(),
          want.map((w) => w[1]),
          1e-4,
        );
      });
      disposeParams(repaired.params);
    });
    disposeParams(params);
  });

  it("pruning keeps the most important units, so dropping units with zero outgoing weights changes nothing", async () => {
    const init = initParams(arch, { seed: 3 });
    const dead = tf.tidy(() => {
      const K = init["dense1/kernel"].arraySync() as number[][];
      K[0] = K[0].map(() => 0);
      K[3] = K[3].map(() => 0);
      return { ...init, "dense1/kernel": tf.tensor2d(K) };
    });
    await assertNoLeaks(() => {
      const pruned = pruneUnits(arch, dead, { width: 4 });
      assert.deepEqual(pruned.sources, [[1], [2], [4], [5]]);
      tf.tidy(() =>
        assertClose(
          forward(pruned.arch, pruned.params, X).dataSync(),
          forward(arch, dead, X).dataSync(),
          1e-5,
        ),
      );
      disposeParams(pruned.params);
    });
    dead["dense1/kernel"].dispose();
    disposeParams(init);
  });

  it("refuses target widths above the source width or below 1, naming the option", () => {
    const params = initParams(arch, { seed: 0 });
    assert.throws(() => pruneUnits(arch, params, { width: 7 }), {
      message:
        "pruneUnits: width 7 is above the source width 6 of layer 0; the target width must be an integer in [1, 6]",
    });
    assert.throws(
      () => foldUnits(arch, params, { width: 0 }),
      /foldUnits: width 0; the target width must be an integer in \[1, 6\]/,
    );
    assert.throws(
      () => foldUnits(arch, params, { width: 2, X: tf.zeros([4, 3]) as tf.Tensor2D }),
      /foldUnits: X must be \[n ≥ 2, 5\]/,
    );
    disposeParams(params);
  });

  it("clusters by cosine, most similar first", () => {
    const rows = [
      [1, 0],
      [0, 1],
      [0.99, 0.14],
      [0.1, 0.995],
    ].map((r) => Float64Array.from(r));
    assert.deepEqual(clusterBySimilarity(rows, 2), [
      [0, 2],
      [1, 3],
    ]);
    assert.deepEqual(clusterBySimilarity(rows, 4), [[0], [1], [2], [3]]);
  });

  it("after", () => X.dispose());
});
