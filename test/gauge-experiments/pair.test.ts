import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { disposeParams } from "../../lib/core/params";
import { loadData } from "../../lib/experiment/data-spec";
import { isCached } from "../../lib/experiment/experiment";
import { ExperimentInterrupted } from "../../lib/experiment/interrupted";
import { PAIR, pairInit, trainPair, type PairConfig } from "../../lib/gauge-experiments/pair";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { flatValues } from "../gauge/helpers";
import { TINY_PAIR, tempDir } from "./helpers";

useBackend();

describe("trainPair", () => {
  it("trains two different networks once, then loads the identical params from the cache", async () => {
    const dir = tempDir();
    const first = await trainPair(TINY_PAIR, { cacheDir: dir });
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
    assert.ok(files.some((f) => f.endsWith("-a.model.json")));
    assert.ok(isCached(PAIR, TINY_PAIR, dir));
    const second = await assertNoLeaks(async () => {
      const p = await trainPair(TINY_PAIR, { cacheDir: dir });
      assert.deepEqual(flatValues(p.a), flatValues(first.a));
      assert.deepEqual(flatValues(p.b), flatValues(first.b));
      disposeParams(p.a);
      disposeParams(p.b);
      return p;
    });
    assert.deepEqual(second.summary, first.summary);
    [first.a, first.b].forEach(disposeParams);
  });

  it("retrains when a saved model is missing", async () => {
    const dir = tempDir();
    const first = await trainPair(TINY_PAIR, { cacheDir: dir });
    for (const f of fs.readdirSync(dir)) if (f.endsWith("-b.model.json")) fs.rmSync(`${dir}/${f}`);
    const again = await trainPair(TINY_PAIR, { cacheDir: dir });
    assert.deepEqual(flatValues(again.b), flatValues(first.b), "same seeds, same network");
    [first.a, first.b, again.a, again.b].forEach(disposeParams);
  });

  it("builds the init from the config and names bad fields and data kinds before training", async () => {
    const before = tf.memory().numTensors;
    const init = pairInit(TINY_PAIR, 1);
    assert.deepEqual(init["dense0/kernel"].shape, [2, 12]);
    disposeParams(init);
    assert.equal(tf.memory().numTensors, before);
    const { train, test } = loadData(TINY_PAIR.data);
    assert.deepEqual([train.numExamples, test.numExamples], [180, 60]);
    const dir = tempDir();
    await assert.rejects(
      trainPair({ ...TINY_PAIR, data: { kind: "cifar" } } as unknown as PairConfig, { cacheDir: dir }),
      {
        message: 'data: unknown data kind "cifar"; known: mnist, fashion-mnist, spirals',
      },
    );
    await assert.rejects(trainPair({ ...TINY_PAIR, epoch: 3 } as unknown as PairConfig, { cacheDir: dir }), {
      message: /^pair config: unknown option "epoch"; did you mean "epochs"\?/,
    });
    await assert.rejects(
      trainPair({ ...TINY_PAIR, seeds: [1] } as unknown as PairConfig, { cacheDir: dir }),
      {
        message: "pair config: seeds must be two seeds [A, B]; got [1]",
      },
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("interrupted: throws ExperimentInterrupted, frees every tensor and caches no result", async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const progress = {
      update: (info: { label?: string }) => void (info.label === "network B" && controller.abort()),
      done: () => undefined,
    };
    await assertNoLeaks(() =>
      assert.rejects(
        trainPair(TINY_PAIR, { cacheDir: dir, progress, signal: controller.signal }),
        (err: Error) => {
          assert.ok(err instanceof ExperimentInterrupted);
          assert.match(err.message, /^interrupted during network B; partial results are discarded/);
          return true;
        },
      ),
    );
    assert.equal(isCached(PAIR, TINY_PAIR, dir), false);
    assert.equal(fs.readdirSync(dir).filter((f) => !f.endsWith(".model.json")).length, 0);
  });
});
