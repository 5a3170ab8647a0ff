import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { DEFAULT_PAIR } from "../../lib/gauge-experiments/pair";
import { pairLabel, seedPairs } from "../../lib/gauge-experiments/seed-pairs";

describe("seedPairs", () => {
  it("makes independent pairs: no seed used twice, pair 0 the config itself", () => {
    const pairs = seedPairs(DEFAULT_PAIR, 3);
    assert.deepEqual(
      pairs.map((p) => p.seeds),
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    );
    assert.deepEqual(pairs[0], DEFAULT_PAIR);
    assert.equal(new Set(pairs.flatMap((p) => p.seeds)).size, 6);
    assert.deepEqual(pairs[2].arch, DEFAULT_PAIR.arch);
    assert.equal(pairLabel(pairs[1]), "seeds 3, 4");
  });

  it("names bad input", () => {
    assert.throws(() => seedPairs(DEFAULT_PAIR, 0), {
      message: "seedPairs: numPairs must be an integer ≥ 1; got 0",
    });
    assert.throws(() => seedPairs({ ...DEFAULT_PAIR, seeds: [1, 3] }, 2), /differ by an even number/);
  });
});
