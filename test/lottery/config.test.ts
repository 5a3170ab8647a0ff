import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { layerSizes, mlp, prunableParams } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { forMode } from "../../lib/experiment/mode";
import {
  DEFAULT_LOTTERY,
  FASHION_LOTTERY,
  OPEN_LTH_LOTTERY,
  checkLotteryConfig,
  isControlRound,
  plannedSteps,
  quickFashionLottery,
  quickLottery,
  type LotteryConfig,
} from "../../lib/lottery/config";
import { checkPruning } from "../../lib/lottery/imp";
import { decodeMask, encodeMask } from "../../lib/lottery/mask-codec";
import { runLottery, type LotteryRun } from "../../lib/lottery/run";
import { prune } from "../../lib/prune/registry";
import { randomMaskLike } from "../../lib/prune/random";
import { Mask } from "../../lib/train/mask";
import { firstLayerMasks, pixelSurvival } from "../../lib/viz/lottery-figures";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { TINY, maskCopy, tempDir } from "./helpers";

useBackend();

/** `config` with one field replaced by a value of any type (as an untyped notebook cell could pass). */
function withField(config: LotteryConfig, key: string, value: unknown): LotteryConfig {
  return { ...config, [key]: value } as unknown as LotteryConfig;
}

describe("lottery configs", () => {
  it("hold Frankle & Carbin's and open_lth's settings", () => {
    assert.deepEqual(DEFAULT_LOTTERY.arch, mlp([784, 300, 100, 10]));
    assert.deepEqual(layerSizes(DEFAULT_LOTTERY.arch), [784, 300, 100, 10]);
    assert.deepEqual(DEFAULT_LOTTERY.data, { kind: "mnist", numVal: 1000, seed: 0 });
    assert.deepEqual(DEFAULT_LOTTERY.pruning, {
      kind: "magnitude-layerwise",
      rate: 0.2,
      outputRate: 0.1,
    });
    assert.deepEqual(DEFAULT_LOTTERY.optimizer, { kind: "adam", lr: 1.2e-3 });
    assert.equal(DEFAULT_LOTTERY.batchSize, 60);
    assert.equal(DEFAULT_LOTTERY.init, "glorotNormal");
    assert.deepEqual(OPEN_LTH_LOTTERY.pruning, { kind: "magnitude-global", rate: 0.2 });
    assert.deepEqual(OPEN_LTH_LOTTERY.optimizer, { kind: "sgd", lr: 0.1 });
    assert.equal(OPEN_LTH_LOTTERY.batchSize, 128);
    assert.doesNotThrow(() => checkLotteryConfig(DEFAULT_LOTTERY));
    assert.doesNotThrow(() => checkLotteryConfig(OPEN_LTH_LOTTERY));
  });

  it("shrink for quick mode, scaling a late rewind step", () => {
    const quick = quickLottery({ ...DEFAULT_LOTTERY, rewindStep: 100 });
    assert.equal(quick.numSteps, 150);
    assert.equal(quick.numRounds, 3);
    assert.equal(quick.rewindStep, 10);
    assert.equal(quickLottery(DEFAULT_LOTTERY).rewindStep, 0);
    assert.doesNotThrow(() => checkLotteryConfig(quick));
    assert.equal(forMode(DEFAULT_LOTTERY, quickLottery, false), DEFAULT_LOTTERY);
    assert.deepEqual(forMode(DEFAULT_LOTTERY, quickLottery, true), quickLottery(DEFAULT_LOTTERY));
  });

  it("run the same recipe on the full Fashion-MNIST, shrunk to 6,000 images per split in quick mode", () => {
    assert.deepEqual({ ...FASHION_LOTTERY, data: DEFAULT_LOTTERY.data, numRounds: 15 }, DEFAULT_LOTTERY);
    assert.deepEqual(FASHION_LOTTERY.data, { kind: "fashion-mnist", numVal: 5000, seed: 0 });
    const quick = quickFashionLottery(FASHION_LOTTERY);
    assert.doesNotThrow(() => checkLotteryConfig(quick));
    assert.deepEqual({ ...quick, data: FASHION_LOTTERY.data }, quickLottery(FASHION_LOTTERY));
    assert.deepEqual(quick.data, { kind: "fashion-mnist", seed: 0, numVal: 1000, limit: 6000 });
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

  it("name the closest field for a misspelled one, and the type for a mistyped one", () => {
    const { batchSize: _batchSize, ...rest } = TINY;
    assert.throws(() => checkLotteryConfig(withField(rest as LotteryConfig, "batchsize", 30)), {
      message: new RegExp('^lottery config: unknown option "batchsize"; did you mean "batchSize"\\?'),
    });
    // Beside the real field, too: the misspelled one must never be ignored.
    assert.throws(() => checkLotteryConfig(withField(TINY, "batchsize", 30)), /did you mean "batchSize"\?/);
    assert.throws(() => checkLotteryConfig(withField(TINY, "numSteps", "0.1")), {
      message: 'lottery config: numSteps must be a number; got a string ("0.1")',
    });
    assert.throws(() => checkLotteryConfig(withField(TINY, "numSteps", undefined)), {
      message: 'lottery config: option "numSteps" is missing (a number)',
    });
  });
});

describe("the lottery's registries", () => {
  it("name the closest registered pruning strategy and option before any training", async () => {
    const params = initParams(TINY.arch, { seed: 0 });
    try {
      assert.doesNotThrow(() => checkPruning(TINY.arch, params, TINY.pruning));
      assert.throws(
        () => checkPruning(TINY.arch, params, { kind: "magnitude-layerwize", rate: 0.2 }),
        /unknown pruning strategy "magnitude-layerwize"; did you mean "magnitude-layerwise"\? known: magnitude-layerwise, magnitude-global, random, snip, synflow/,
      );
      assert.throws(
        () => checkPruning(TINY.arch, params, { kind: "magnitude-layerwise", rate: 0.2, outputrate: 0.1 }),
        /magnitude-layerwise: unknown option "outputrate"; did you mean "outputRate"\?/,
      );
      assert.throws(
        () => checkPruning(TINY.arch, params, { kind: "magnitude-global", rate: "0.2" }),
        /magnitude-global: rate must be a number; got a string \("0.2"\)/,
      );
    } finally {
      disposeParams(params);
    }
    const cacheDir = tempDir();
    const config = { ...TINY, numRounds: 1, pruning: { kind: "magnitude-globl", rate: 0.2 } };
    await assertNoLeaks(() =>
      assert.rejects(runLottery(config, 0, { cacheDir }), /did you mean "magnitude-global"\?/),
    );
    assert.deepEqual(fs.readdirSync(cacheDir), [], "nothing was cached");
  });

  it("name the closest registered optimizer, and cache nothing", async () => {
    const cacheDir = tempDir();
    const config = { ...TINY, numRounds: 1, optimizer: { kind: "adamm", lr: 0.01 } };
    await assertNoLeaks(() =>
      assert.rejects(
        runLottery(config, 0, { cacheDir }),
        /unknown optimizer "adamm"; did you mean "adam"\? known: sgd, momentum, adam/,
      ),
    );
    await assert.rejects(
      runLottery({ ...config, optimizer: { kind: "adam", lr: "0.01" } }, 0, { cacheDir }),
      /optimizer adam: lr must be a number; got a string \("0.01"\)/,
    );
    assert.deepEqual(fs.readdirSync(cacheDir), []);
  });
});

describe("mask codec", () => {
  it("round-trips a mask exactly through JSON", async () => {
    await assertNoLeaks(() => {
      const arch = mlp([784, 30, 10]);
      const params = initParams(arch, { seed: 0 });
      const ones = Mask.ones(params, prunableParams(arch));
      const ticket = prune(arch, params, ones, { kind: "magnitude-layerwise", rate: 0.6, outputRate: 0.3 });
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
