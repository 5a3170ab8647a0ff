import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { glyphPicture } from "../../lib/core/glyph";
import { normalTensor } from "../../lib/core/rng";
import { inkOf, watermarkKernel } from "../../lib/core/watermark";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("glyphPicture", () => {
  it("draws letters as 0/1 bitmaps of the documented size", () => {
    const pic = glyphPicture("MU", { pad: 2, thickness: 3 });
    assert.equal(pic.height, 7 * 3 + 4);
    assert.equal(pic.width, 11 * 3 + 4);
    assert.ok(Array.from(pic.data).every((v) => v === 0 || v === 1));
    assert.equal(pic.data[0], 0, "the border is blank");
    assert.equal(pic.data[2 * pic.width + 2], 1, "M's top-left corner is ink");
  });

  it("names the letters it has when asked for one it lacks", () => {
    assert.throws(() => glyphPicture("Z"), /no glyph for "Z"; the font has A, G, L, M/);
    assert.throws(() => glyphPicture(""), /non-empty string/);
  });
});

describe("watermarkKernel", () => {
  it("multiplies the ink to zero, adds it at W's scale, or replaces W by the picture", async () => {
    const W = normalTensor([40, 30], 1);
    const pic = glyphPicture("A");
    const ink = inkOf(pic, 40, 30);
    await assertNoLeaks(() => {
      const masked = watermarkKernel(W, pic, { mode: "multiply" });
      const values = masked.dataSync();
      const w = W.dataSync();
      for (let i = 0; i < ink.length; i++) assert.ok(Math.abs(values[i] - w[i] * (1 - ink[i])) < 1e-6);
      const added = watermarkKernel(W, pic, { mode: "add", strength: 2 });
      const picture = watermarkKernel(W, pic, { mode: "picture" });
      const corr = tf.tidy(() => {
        const d = tf.sub(added, W);
        return tf.sum(tf.mul(d, tf.tensor2d(ink, [40, 30]))).dataSync()[0];
      });
      assert.ok(corr > 0, "the added picture points along the ink");
      assert.deepEqual(picture.shape, [40, 30]);
      tf.dispose([masked, added, picture]);
    });
    W.dispose();
  });

  it("refuses pictures it cannot resize, bad modes and strengths, and non-matrices", () => {
    const W = tf.zeros([8, 8]);
    const pic = glyphPicture("A");
    assert.throws(
      () => watermarkKernel(W, { data: [1, 1, 1, 1], height: 2, width: 2 }, { mode: "add" }),
      /resized to \[8, 8\] is constant, so it carries no pattern/,
    );
    assert.throws(
      () => watermarkKernel(W, { data: [1, 2, 3], height: 2, width: 2 }, { mode: "add" }),
      /picture must hold height\*width = 2\*2 numbers; got 3/,
    );
    assert.throws(
      () => watermarkKernel(W, { data: [], height: 0, width: 0 }, { mode: "add" }),
      /at least one pixel/,
    );
    assert.throws(
      () => watermarkKernel(W, pic, { mode: "stamp" as "add" }),
      /mode must be one of multiply, add/,
    );
    assert.throws(
      () => watermarkKernel(W, pic, { mode: "multiply", strength: 2 }),
      /strength must be in \[0, 1\]/,
    );
    const bias = tf.zeros([8]);
    assert.throws(() => watermarkKernel(bias, pic, { mode: "add" }), /W must be a 2-D tensor/);
    tf.dispose([W, bias]);
  });
});
