import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { meanStd, ranks, spearman } from "../../lib/core/stats";

describe("stats", () => {
  it("meanStd: sample std over seeds", () => {
    assert.deepEqual(
      meanStd([
        [1, 2],
        [3, 2],
      ]),
      { mean: [2, 2], std: [Math.SQRT2, 0] },
    );
  });

  it("ranks average ties", () => {
    assert.deepEqual(ranks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
  });

  it("spearman: ±1 for monotone maps, the textbook value without ties, NaN for a constant", () => {
    const x = [1, 2, 3, 4, 5];
    assert.equal(
      spearman(
        x,
        x.map((v) => Math.exp(v)),
      ),
      1,
    );
    assert.equal(
      spearman(
        x,
        x.map((v) => -(v ** 3)),
      ),
      -1,
    );
    // d = rank differences [0, 0, 1, -1, 0]: 1 − 6Σd²/(n(n²−1)) = 1 − 12/120
    assert.ok(Math.abs(spearman(x, [1, 2, 4, 3, 5]) - 0.9) < 1e-12);
    assert.ok(Number.isNaN(spearman(x, [2, 2, 2, 2, 2])));
    assert.throws(() => spearman([1], [2]), /need at least 2 pairs/);
    assert.throws(() => spearman([1, 2], [2]), /differ in length/);
  });
});
