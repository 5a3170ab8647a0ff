import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";
import { isCached, runExperiment } from "../../lib/experiment/experiment";
import {
  MASK_TRANSFER,
  maskOverlap,
  TRANSFER_MASKS,
  type MaskTransferConfig,
} from "../../lib/gauge-experiments/mask-transfer-experiment";
import { PAIR } from "../../lib/gauge-experiments/pair";
import { Mask } from "../../lib/train/mask";
import { maskTransferFigure } from "../../lib/viz/gauge-figures";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { TINY_PAIR, tempDir } from "./helpers";

useBackend();

describe("maskOverlap", () => {
  it("is the fraction of the reference's kept weights kept by the mask", () => {
    const ref = Mask.fromTensors({ w: tf.tensor1d([1, 1, 0, 1]) });
    const mask = Mask.fromTensors({ w: tf.tensor1d([1, 0, 1, 0]) });
    assert.equal(maskOverlap(mask, ref), 1 / 3);
    assert.equal(maskOverlap(ref, ref), 1);
    [ref, mask].forEach((m) => m.dispose());
  });
});

describe("MASK_TRANSFER", () => {
  it("trains B's init under four masks of equal density per rate", async () => {
    const config: MaskTransferConfig = {
      pair: TINY_PAIR,
      rates: [0.5, 0.8],
      outputRate: 0.2,
      matching: "activation",
      epochs: 2,
      seed: 0,
    };
    const dir = tempDir();
    const rows = await assertNoLeaks(() => runExperiment(MASK_TRANSFER, config, { cacheDir: dir }));
    assert.ok(isCached(PAIR, TINY_PAIR, dir), "the pair was trained and cached on the way");
    assert.ok(isCached(MASK_TRANSFER, config, dir));
    assert.equal(rows.length, 8);
    assert.deepEqual(
      rows.slice(0, 4).map((r) => r.mask),
      TRANSFER_MASKS,
    );
    for (const rate of config.rates) {
      const mine = rows.filter((r) => r.rate === rate);
      assert.equal(mine[0].overlap, 1, "B's own mask overlaps itself");
      for (const r of mine) {
        assert.ok(Math.abs(r.density - mine[0].density) < 1e-9, "every mask keeps as many weights per layer");
        assert.ok(r.overlap >= 0 && r.overlap <= 1);
        assert.ok(r.testAcc >= 0 && r.testAcc <= 1);
      }
    }
    assert.ok(rows[4].density < rows[0].density);
    const files = fs.readdirSync(dir).length;
    assert.deepEqual(await runExperiment(MASK_TRANSFER, config, { cacheDir: dir }), rows, "a cache hit");
    assert.equal(fs.readdirSync(dir).length, files);
    const weight = await runExperiment(
      MASK_TRANSFER,
      { ...config, rates: [0.5], matching: "weight" },
      { cacheDir: dir },
    );
    assert.equal(weight.length, 4);
    assert.deepEqual(weight[0], rows[0], "B's own mask does not depend on the matching");
    assert.equal(fs.readdirSync(dir).length, files + 1, "the pair was reused, not retrained");
    await assert.rejects(
      runExperiment(MASK_TRANSFER, { ...config, matching: "weights" as "weight" }, { cacheDir: dir }),
      { message: 'mask transfer: matching must be "activation" or "weight"; got "weights"' },
    );
    const fig = maskTransferFigure(rows);
    assert.equal(fig.data.length, 4);
  });
});
