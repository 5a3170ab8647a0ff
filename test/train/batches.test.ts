import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { classificationDataset } from "../../lib/data/dataset";
import { BatchSampler } from "../../lib/train/batches";
import { deriveSeed, permutation } from "../../lib/core/rng";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

// Example i has X = [i, -i] and label i % 3, so every row can be traced back.
const n = 10;
const ds = classificationDataset(
  "trace",
  Float32Array.from({ length: 2 * n }, (_, j) => (j % 2 ? -1 : 1) * Math.floor(j / 2)),
  Array.from({ length: n }, (_, i) => i % 3),
  2,
  3,
);

describe("BatchSampler", () => {
  it("visits every example once per epoch in the seeded order, rows and one-hot targets aligned", async () => {
    await assertNoLeaks(() => {
      const sampler = new BatchSampler(ds, 4, 7);
      assert.equal(sampler.stepsPerEpoch, 3);
      for (let epoch = 0; epoch < 2; epoch++) {
        const seen: number[] = [];
        for (let b = 0; b < 3; b++) {
          const { X, y } = sampler.next();
          assert.equal(X.shape[0], b < 2 ? 4 : 2);
          const rows = X.arraySync();
          const labels = tf.tidy(() => tf.argMax(y, 1).arraySync()) as number[];
          rows.forEach(([a, c], i) => {
            assert.equal(c, -a);
            assert.equal(labels[i], a % 3);
            seen.push(a);
          });
          tf.dispose([X, y]);
        }
        assert.deepEqual(seen, Array.from(permutation(n, deriveSeed(7, `shuffle/epoch${epoch}`))));
      }
    });
  });

  it("seeks to step k: the next batches are those a sampler that drew k batches would give", () => {
    for (const k of [0, 2, 3, 7]) {
      const drawn = new BatchSampler(ds, 4, 7);
      for (let i = 0; i < k; i++) drawn.nextIndices();
      const sought = new BatchSampler(ds, 4, 7);
      sought.seek(k);
      assert.equal(sought.nextEpoch, drawn.nextEpoch);
      for (let i = 0; i < 4; i++) {
        assert.deepEqual(Array.from(sought.nextIndices()), Array.from(drawn.nextIndices()), `k ${k}, i ${i}`);
      }
    }
    assert.throws(() => new BatchSampler(ds, 4, 7).seek(-1), /step must be an integer ≥ 0; got -1/);
  });

  it("keeps dataset order without shuffling, clamps the batch size, and rejects bad sizes", () => {
    const sampler = new BatchSampler(ds, 100, 0, false);
    assert.equal(sampler.batchSize, 10);
    const { X, y } = sampler.next();
    assert.deepEqual(
      Array.from(X.dataSync()).filter((_, j) => j % 2 === 0),
      Array.from({ length: n }, (_, i) => i),
    );
    tf.dispose([X, y]);
    assert.throws(() => new BatchSampler(ds, 0, 0), /batchSize must be a positive integer; got 0/);
  });
});
