import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import {
  classificationDataset,
  datasetTensors,
  regressionDataset,
  splitDataset,
  subset,
} from "../../lib/data/dataset";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const X = Float32Array.from({ length: 20 }, (_, i) => i);
const ds = classificationDataset("toy", X, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 2, 3);

describe("datasets", () => {
  it("stores one-hot targets and labels, and exposes tensors the caller disposes", async () => {
    assert.deepEqual(Array.from(ds.y.subarray(0, 6)), [1, 0, 0, 0, 1, 0]);
    assert.equal(ds.numExamples, 10);
    await assertNoLeaks(() => {
      const t = datasetTensors(ds);
      assert.deepEqual(t.X.shape, [10, 2]);
      assert.deepEqual(t.y.shape, [10, 3]);
      t.X.dispose();
      t.y.dispose();
    });
  });

  it("splits by a seed into disjoint parts that cover the data", () => {
    const { train, test } = splitDataset(ds, { seed: 3, numTest: 3 });
    assert.equal(train.numExamples, 7);
    assert.equal(test.numExamples, 3);
    const firstFeature = (d: typeof ds) => Array.from({ length: d.numExamples }, (_, i) => d.X[2 * i]);
    assert.deepEqual([...firstFeature(train), ...firstFeature(test)].sort((a, b) => a - b), firstFeature(ds));
    assert.deepEqual(splitDataset(ds, { seed: 3, numTest: 3 }).test.X, test.X);
    assert.notDeepEqual(splitDataset(ds, { seed: 4, numTest: 3 }).test.X, test.X);
    test.labels!.forEach((k, i) => assert.equal(k, (test.X[2 * i] / 2) % 3));
    assert.throws(() => splitDataset(ds, { seed: 0, numTest: 10 }), /splitDataset: numTest must be in 1..9 for toy; got 10/);
  });

  it("picks subsets in order and rejects out-of-range indices", () => {
    const s = subset(ds, [9, 0]);
    assert.deepEqual(Array.from(s.X), [18, 19, 0, 1]);
    assert.deepEqual(Array.from(s.labels!), [0, 0]);
    assert.throws(() => subset(ds, [10]), /subset: index 10 is outside toy's 10 examples/);
  });

  it("rejects bad labels, sizes, NaN/Inf and empty data with messages naming the place", () => {
    assert.throws(() => classificationDataset("c", new Float32Array(2), [3], 2, 3), /c: label 3 at example 0 is not a class index in \[0, 3\)/);
    assert.throws(() => classificationDataset("e", new Float32Array(0), [], 2, 3), /e: the dataset is empty \(0 examples\)/);
    assert.throws(() => regressionDataset("r", new Float32Array(4), new Float32Array(3), 2, 2), /r: y holds 3 numbers, expected numExamples\*outDim = 2\*2/);
    assert.throws(() => regressionDataset("r", new Float32Array([0, 1, Infinity, 3]), new Float32Array(2), 2, 1), /r: X holds Infinity at example 1, column 0/);
  });
});
