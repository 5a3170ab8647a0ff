import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { glyphPicture } from "../../lib/core/glyph";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { type WatermarkMode, inkOf, watermarkKernel } from "../../lib/core/watermark";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { permute } from "../../lib/gauge/permute";
import { randomPerms } from "../../lib/gauge/random-group";
import { rescale } from "../../lib/gauge/rescale";
import { lossAndGrads } from "../../lib/train/backward";
import { rescalingShare } from "../../lib/weight-measures/rescaling-share";
import { displacement } from "../../lib/weight-measures/displacement";
import { gaugeShare } from "../../lib/weight-measures/gauge-share";
import { pictureSsim } from "../../lib/weight-measures/picture-ssim";
import { effectiveRank, singularValues, stableRank } from "../../lib/weight-measures/spectrum";
import { watermarkContrast } from "../../lib/weight-measures/watermark-contrast";
import { assertNoLeaks, describeOnBackends } from "../helpers/tf";

describeOnBackends("weight measures", () => {
  it("watermark contrast is exactly 1 at init, in every mode, and near 0 for an unrelated matrix", async () => {
    const W = normalTensor([64, 48], 3);
    const pic = glyphPicture("M");
    const ink = inkOf(pic, 64, 48);
    const other = normalTensor([64, 48], 4);
    await assertNoLeaks(() => {
      for (const mode of ["multiply", "add", "picture"] as WatermarkMode[]) {
        const W0 = watermarkKernel(W, pic, { mode });
        assert.equal(watermarkContrast(W0, W0, ink, mode), 1, mode);
        const c = watermarkContrast(W0, other, ink, mode);
        assert.ok(Math.abs(c) < 0.25, `${mode}: contrast against noise ${c}`);
        W0.dispose();
      }
    });
    tf.dispose([W, other]);
  });

  it("SSIM of a picture with itself is 1, and low against noise", () => {
    const W0 = watermarkKernel(normalTensor([64, 64], 5), glyphPicture("A"), { mode: "picture" });
    const noise = normalTensor([64, 64], 6, 0, 0.05);
    assert.equal(pictureSsim(W0, W0, 0.2), 1);
    assert.ok(pictureSsim(W0, noise, 0.2) < 0.3);
    assert.throws(() => pictureSsim(W0, W0, 0), /range must be a finite number > 0/);
    tf.dispose([W0, noise]);
  });

  it("ranks: 1 for rank one, n for an orthogonal n×n matrix", () => {
    const u = normalTensor([20, 1], 1);
    const v = normalTensor([1, 12], 2);
    const outer = tf.matMul(u, v);
    const sv = singularValues(outer);
    assert.ok(Math.abs(stableRank(sv) - 1) < 1e-6);
    assert.ok(Math.abs(effectiveRank(sv) - 1) < 1e-3);
    const eye = tf.eye(9);
    assert.ok(Math.abs(stableRank(singularValues(eye)) - 9) < 1e-9);
    assert.ok(Math.abs(effectiveRank(singularValues(eye)) - 9) < 1e-9);
    assert.equal(stableRank([0, 0]), 0);
    tf.dispose([u, v, outer, eye]);
  });

  it("displacement: W = (1 + c) W0 moves by c in both norms with W0's stable rank", () => {
    const W0 = normalTensor([30, 20], 8);
    const W = tf.mul(W0, 1.25);
    const d = displacement(W0, W);
    assert.ok(Math.abs(d.relFrobenius - 0.25) < 1e-6);
    assert.ok(Math.abs(d.relSpectral - 0.25) < 1e-6);
    assert.ok(Math.abs(d.stableRank - stableRank(singularValues(W0))) < 1e-4);
    tf.dispose([W0, W]);
  });

  it("gauge share: a permuted copy is all permutation; nothing leaks", async () => {
    const arch = mlp([6, 8, 8, 3]);
    const init = initParams(arch, { seed: 1 });
    const moved = permute(arch, init, randomPerms(permutationSpec(arch), 2));
    const share = await assertNoLeaks(() => gaugeShare(arch, init, moved));
    assert.ok(share.naive > 0.1);
    assert.ok(share.matched < 1e-5, `matched ${share.matched}`);
    assert.ok(share.permutationShare > 0.999);
    disposeParams(init);
    disposeParams(moved);
  });
});

describe("rescaling share", () => {
  it("is 1 for a small rescaling and 0 for a gradient step", () => {
    const arch = mlp([5, 7, 6, 3]);
    const init = initParams(arch, { seed: 3 });
    const scales = {
      P_0: Array.from({ length: 7 }, (_, j) => 1 + 1e-3 * (j - 3)),
      P_1: new Array(6).fill(1),
    };
    const scaled = rescale(arch, init, scales);
    const along = rescalingShare(arch, init, scaled);
    assert.ok(Math.abs(along - 1) < 1e-2, `share of a rescaling ${along}`);
    const X = normalTensor([32, 5], 4);
    const y = tf
      .oneHot(
        tf.tensor1d(
          Array.from({ length: 32 }, (_, i) => i % 3),
          "int32",
        ),
        3,
      )
      .toFloat() as tf.Tensor2D;
    const { loss, grads } = lossAndGrads(arch, init, X as tf.Tensor2D, y, { loss: "softmaxCrossEntropy" });
    const stepped = Object.fromEntries(
      Object.entries(init).map(([k, t]) => [k, tf.sub(t, tf.mul(grads[k], 1e-3))]),
    );
    const gradShare = rescalingShare(arch, init, stepped);
    assert.ok(gradShare < 1e-6, `share of a gradient step ${gradShare}`);
    tf.dispose([X, y, loss, ...Object.values(grads)]);
    [init, scaled, stepped].forEach(disposeParams);
  });
});

describe("weight measures bad input", () => {
  it("names the problem", () => {
    const a = tf.zeros([12, 12]);
    const b = tf.zeros([12, 13]);
    assert.throws(() => displacement(a, b), /W0 \[12,12\] and W \[12,13\] must have the same shape/);
    assert.throws(() => watermarkContrast(a, a, new Float32Array(3), "add"), /must have the same size/);
    assert.throws(() => watermarkContrast(a, a, new Float32Array(144), "add"), /leaves no signal in W0/);
    assert.throws(() => pictureSsim(a, b, 1), /must be 2-D of the same shape/);
    const nan = tf.tensor2d([1, NaN], [1, 2]);
    assert.throws(() => singularValues(nan), /M\[0, 1\] is NaN/);
    tf.dispose([a, b, nan]);
  });
});
