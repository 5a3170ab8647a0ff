import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  maskOverlap,
  maskTransferExperiment,
  maskTransferFigure,
  TRANSFER_MASKS,
  type MaskTransferConfig,
} from "../../lib/gauge-experiments/mask-transfer-experiment";
import { Mask } from "../../lib/train/mask";
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

describe("maskTransferExperiment", () => {
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
    const rows = await assertNoLeaks(() => maskTransferExperiment(config, { dir }));
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
    const weight = await maskTransferExperiment({ ...config, rates: [0.5], matching: "weight" }, { dir });
    assert.equal(weight.length, 4);
    const fig = maskTransferFigure(rows);
    assert.equal(fig.data.length, 4);
  });
});
