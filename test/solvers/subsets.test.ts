import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { subsets } from "../../lib/solvers/subsets";

describe("subsets", () => {
  it("lists every k-subset once, sorted, in lexicographic order", () => {
    assert.deepEqual(
      [...subsets(4, 2)],
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [1, 2],
        [1, 3],
        [2, 3],
      ],
    );
    const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);
    for (const [n, k] of [
      [7, 3],
      [6, 6],
      [5, 1],
    ])
      assert.equal([...subsets(n, k)].length, choose(n, k));
    assert.deepEqual([...subsets(2, 3)], []);
  });
});
