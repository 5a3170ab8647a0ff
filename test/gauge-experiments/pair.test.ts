import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { pairData, pairInit, trainPair } from "../../lib/gauge-experiments/pair";
import { disposeParams } from "../../lib/core/params";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { flatValues } from "../gauge/helpers";
import { TINY_PAIR, tempDir } from "./helpers";

useBackend();

describe("trainPair", () => {
  it("trains two different networks once, then loads the identical params from the cache", async () => {
    const dir = tempDir();
    const first = await trainPair(TINY_PAIR, { dir });
    assert.deepEqual(Object.keys(first.a), [
      "dense0/kernel",
      "dense0/bias",
      "dense1/kernel",
      "dense1/bias",
      "dense2/kernel",
      "dense2/bias",
    ]);
    assert.deepEqual(first.a["dense1/kernel"].shape, [12, 12]);
    assert.notDeepEqual(flatValues(first.a), flatValues(first.b));
    assert.equal(first.summary[0].seed, 1);
    assert.ok(first.summary[1].testAcc > 0.6, `B learned something: ${first.summary[1].testAcc}`);
    const files = fs.readdirSync(dir).sort();
    assert.equal(files.length, 3);
    assert.ok(files.some((f) => f.endsWith("-a.params.json")));
    const second = await assertNoLeaks(async () => {
      const p = await trainPair(TINY_PAIR, { dir });
      assert.deepEqual(flatValues(p.a), flatValues(first.a));
      assert.deepEqual(flatValues(p.b), flatValues(first.b));
      disposeParams(p.a);
      disposeParams(p.b);
      return p;
    });
    assert.deepEqual(second.summary, first.summary);
    [first.a, first.b].forEach(disposeParams);
  });

  it("retrains when a params file is missing", async () => {
    const dir = tempDir();
    const first = await trainPair(TINY_PAIR, { dir });
    for (const f of fs.readdirSync(dir)) if (f.endsWith("-b.params.json")) fs.rmSync(`${dir}/${f}`);
    const again = await trainPair(TINY_PAIR, { dir });
    assert.deepEqual(flatValues(again.b), flatValues(first.b), "same seeds, same network");
    [first.a, first.b, again.a, again.b].forEach(disposeParams);
  });

  it("builds the init from the config and names bad data kinds", () => {
    const before = tf.memory().numTensors;
    const init = pairInit(TINY_PAIR, 1);
    assert.deepEqual(init["dense0/kernel"].shape, [2, 12]);
    disposeParams(init);
    assert.equal(tf.memory().numTensors, before);
    const { train, test } = pairData(TINY_PAIR.data);
    assert.equal(train.numExamples + test.numExamples, 240);
    assert.throws(() => pairData({ kind: "cifar" } as never), {
      message: 'pairData: unknown data kind "cifar"; use mnist or spirals',
    });
  });
});
