import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import {
  DEFAULT_LOTTERY,
  OPEN_LTH_LOTTERY,
  checkLotteryConfig,
  isControlRound,
  lotteryForMode,
  plannedSteps,
  quickLottery,
} from "../../lib/lottery/config";
import { firstLayerMasks, pixelSurvival } from "../../lib/viz/lottery-figures";
import { decodeMask, encodeMask } from "../../lib/lottery/mask-codec";
import type { LotteryRun } from "../../lib/lottery/run";
import { initMlp } from "../../lib/core/init";
import { Mask } from "../../lib/train/mask";
import { disposeParams } from "../../lib/core/params";
import { magnitudeLayerwise } from "../../lib/prune/magnitude-layerwise";
import { randomMaskLike } from "../../lib/prune/random";
import { prunableLayers } from "../../lib/prune/strategy";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { maskCopy } from "./helpers";

useBackend();

describe("lottery configs", () => {
  it("hold Frankle & Carbin's and open_lth's settings", () => {
    assert.deepEqual(DEFAULT_LOTTERY.sizes, [784, 300, 100, 10]);
    assert.deepEqual(DEFAULT_LOTTERY.pruning, {
      strategy: "magnitude-layerwise",
      rate: 0.2,
      outputRate: 0.1,
    });
    assert.deepEqual(DEFAULT_LOTTERY.optimizer, { kind: "adam", lr: 1.2e-3 });
    assert.equal(DEFAULT_LOTTERY.batchSize, 60);
    assert.equal(DEFAULT_LOTTERY.init, "glorotNormal");
    assert.deepEqual(OPEN_LTH_LOTTERY.pruning, { strategy: "magnitude-global", rate: 0.2 });
    assert.deepEqual(OPEN_LTH_LOTTERY.optimizer, { kind: "sgd", lr: 0.1 });
    assert.equal(OPEN_LTH_LOTTERY.batchSize, 128);
  });

  it("shrink for quick mode, scaling a late rewind step", () => {
    const quick = quickLottery({ ...DEFAULT_LOTTERY, rewindStep: 100 });
    assert.equal(quick.numSteps, 150);
    assert.equal(quick.numRounds, 3);
    assert.equal(quick.rewindStep, 10);
    assert.equal(quickLottery(DEFAULT_LOTTERY).rewindStep, 0);
    assert.doesNotThrow(() => checkLotteryConfig(quick));
    assert.equal(lotteryForMode(DEFAULT_LOTTERY, false), DEFAULT_LOTTERY);
    assert.deepEqual(lotteryForMode(DEFAULT_LOTTERY, true), quickLottery(DEFAULT_LOTTERY));
  });

  it("plan the control rounds (always the last) and the total steps", () => {
    const c = { ...DEFAULT_LOTTERY, numRounds: 5, controlEvery: 2, numSteps: 100, rewindStep: 10 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].filter((r) => isControlRound(c, r)),
      [1, 3, 5],
    );
    assert.equal(plannedSteps(c), 100 + 5 * 90 + 3 * (100 + 90));
  });

  it("reject bad counts and unknown controls", () => {
    assert.throws(
      () => checkLotteryConfig({ ...DEFAULT_LOTTERY, numSteps: 0 }),
      /numSteps must be a positive integer; got 0/,
    );
    assert.throws(
      () => checkLotteryConfig({ ...DEFAULT_LOTTERY, rewindStep: -1 }),
      /rewindStep -1 is beyond/,
    );
    assert.throws(
      () => checkLotteryConfig({ ...DEFAULT_LOTTERY, numRounds: 1.5 }),
      /numRounds must be an integer ≥ 0/,
    );
    assert.throws(
      () => checkLotteryConfig({ ...DEFAULT_LOTTERY, controls: ["shuffle" as "reinit"] }),
      /unknown control "shuffle"; known: reinit, randomPrune/,
    );
  });
});

describe("mask codec", () => {
  it("round-trips a mask exactly through JSON", async () => {
    await assertNoLeaks(() => {
      const params = initMlp([784, 30, 10], { seed: 0 });
      const ones = Mask.ones(params, prunableLayers(params));
      const ticket = magnitudeLayerwise(params, ones, { rate: 0.6, outputRate: 0.3 });
      const mask = randomMaskLike(ticket, 3);
      const json = JSON.parse(JSON.stringify(encodeMask(mask)));
      const back = decodeMask(json);
      assert.deepEqual(maskCopy(back), maskCopy(mask));
      const run = { masks: [json] } as unknown as LotteryRun;
      const images = firstLayerMasks(run, 0, 4);
      assert.equal(images.length, 784);
      assert.deepEqual(
        images.map((r) => r[2]),
        maskCopy(mask)["dense0/kernel"].filter((_, i) => i % 30 === 2),
      );
      const pixels = pixelSurvival(run, 0);
      assert.equal(pixels.length, 28);
      const mean = pixels.flat().reduce((a, b) => a + b, 0) / 784;
      const kept = maskCopy(mask)["dense0/kernel"].reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(mean - kept / (784 * 30)) < 1e-12);
      assert.ok(pixels.flat().some((v) => v < 1) && kept < 784 * 30);
      assert.throws(() => firstLayerMasks(run, 1), /no mask for round 1; the run has rounds 0..0/);
      assert.throws(() => decodeMask({ ...json, bits: "AAAA" }), /cannot hold/);
      [ones, ticket, mask, back].forEach((m) => m.dispose());
      disposeParams(params);
    });
  });
});
