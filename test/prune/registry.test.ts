import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { disposeParams } from "../../lib/core/params";
import { STRATEGIES, STRATEGY_NAMES, getStrategy, isStrategyName, prune } from "../../lib/prune/registry";
import type { StrategyName, StrategyOptionsMap } from "../../lib/prune/registry";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, makeParams, maskSnapshot, snapshot } from "./helpers";

useBackend();

describe("strategy registry", () => {
  const params = makeParams([6, 8, 5, 3], 12);
  const X = tf.tensor2d(
    Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) - 2),
    [2, 6],
  );
  const y = tf.tensor1d([2, 0], "int32");
  const OPTIONS: StrategyOptionsMap = {
    "magnitude-layerwise": {},
    "magnitude-global": {},
    random: { seed: 3 },
    snip: { X, y, density: 0.5 },
    synflow: { density: 0.5, iterations: 4 },
  };
  after(() => {
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("registers the five strategies by name", () => {
    assert.deepEqual(STRATEGY_NAMES, [
      "magnitude-layerwise",
      "magnitude-global",
      "random",
      "snip",
      "synflow",
    ]);
    assert.ok(isStrategyName("snip"));
    assert.ok(!isStrategyName("lamp"));
    assert.equal(getStrategy("synflow"), STRATEGIES.synflow);
  });

  it("rejects an unknown name, listing the known ones", () => {
    assert.throws(() => getStrategy("lamp" as StrategyName), {
      message:
        'unknown pruning strategy "lamp"; known: magnitude-layerwise, magnitude-global, random, snip, synflow',
    });
  });

  for (const name of ["magnitude-layerwise", "magnitude-global", "random", "snip", "synflow"] as const) {
    it(`${name}: a new, sparser, kernel-only mask; inputs untouched; no leaks; deterministic`, async () => {
      const m0 = fullMask(params);
      const before = { p: snapshot(params), m: maskSnapshot(m0) };
      await assertNoLeaks(() => {
        const m1 = prune(name, params, m0, OPTIONS[name]);
        const again = STRATEGIES[name](params, m0, OPTIONS[name] as never);
        assert.notEqual(m1, m0);
        assert.ok(m1.names.every((n) => n.endsWith("/kernel")));
        assert.ok(m1.numKept < m0.numKept);
        assert.deepEqual(maskSnapshot(m1), maskSnapshot(again));
        disposeMasks(m1, again);
      });
      assert.deepEqual(snapshot(params), before.p);
      assert.deepEqual(maskSnapshot(m0), before.m);
      m0.dispose();
    });
  }
});
