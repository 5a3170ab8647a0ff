import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { Mask } from "../../lib/train/mask";
import { magnitudeLayerwise } from "../../lib/prune/magnitude-layerwise";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import {
  disposeMasks,
  fullMask,
  keptOf,
  makeParams,
  maskSnapshot,
  maskValues,
  paramsFrom,
  snapshot,
} from "./helpers";

useBackend();

const K = ["dense0/kernel", "dense1/kernel", "dense2/kernel"];

describe("magnitudeLayerwise", () => {
  const arch = mlp([8, 10, 6, 4]); // kernels of 80, 60, 24 weights
  const params = makeParams(arch, 1);
  after(() => disposeParams(params));

  it("prunes round(rate × remaining) per layer: 20% hidden, 10% output, round after round", async () => {
    await assertNoLeaks(() => {
      const m0 = fullMask(arch);
      const m1 = magnitudeLayerwise(arch, params, m0);
      assert.deepEqual(
        K.map((name) => keptOf(m1, name)),
        [80 - 16, 60 - 12, 24 - 2], // 16 = 0.2·80, 12 = 0.2·60, 2 = round(2.4)
      );
      const m2 = magnitudeLayerwise(arch, params, m1);
      assert.deepEqual(
        K.map((name) => keptOf(m2, name)),
        [64 - 13, 48 - 10, 22 - 2], // round(12.8), round(9.6), round(2.2)
      );
      assert.equal(m2.numKept, 51 + 38 + 20);
      disposeMasks(m0, m1, m2);
    });
  });

  it("keeps exactly the largest |w| of the kept weights; pruned weights stay pruned", () => {
    const m0 = fullMask(arch);
    const m1 = magnitudeLayerwise(arch, params, m0);
    const m2 = magnitudeLayerwise(arch, params, m1);
    for (const name of K) {
      const w = Array.from(params[name].dataSync(), Math.abs);
      const [a, b] = [maskValues(m1, name), maskValues(m2, name)];
      b.forEach((v, i) => assert.ok(v <= a[i], `${name}[${i}] came back to life`));
      const kept = w.filter((_, i) => b[i] === 1);
      const newlyPruned = w.filter((_, i) => a[i] === 1 && b[i] === 0);
      assert.ok(newlyPruned.length > 0);
      assert.ok(Math.max(...newlyPruned) <= Math.min(...kept), `${name}: threshold does not separate`);
      // Oracle: the kept set of round 1 is the top 80% by |w| (sorted independently).
      const sorted = [...w].sort((x, y) => x - y);
      const nPruned = w.length - a.reduce((n, v) => n + v, 0);
      const threshold = sorted[nPruned - 1];
      a.forEach((v, i) => assert.equal(v, w[i] > threshold ? 1 : 0, `${name}[${i}]`));
    }
    disposeMasks(m0, m1, m2);
  });

  it("never masks biases and leaves inputs untouched", () => {
    const m0 = fullMask(arch);
    const before = { p: snapshot(params), m: maskSnapshot(m0) };
    const m1 = magnitudeLayerwise(arch, params, m0);
    assert.deepEqual(m1.names, K);
    assert.equal(m1.get("dense0/bias"), undefined);
    const applied = m1.apply(params);
    assert.equal(applied["dense1/bias"], params["dense1/bias"]);
    assert.deepEqual(snapshot(params), before.p);
    assert.deepEqual(maskSnapshot(m0), before.m);
    assert.notEqual(m1, m0);
    tf.dispose(K.map((name) => applied[name]));
    disposeMasks(m0, m1);
  });

  it("prunes only the named layers, with per-layer overrides, and keeps other entries as they were", () => {
    const m0 = fullMask(arch);
    const m1 = magnitudeLayerwise(arch, params, m0, {
      layers: ["dense1/kernel", "dense2/kernel"],
      rates: { "dense2/kernel": 0.5 },
    });
    assert.deepEqual(
      K.map((name) => keptOf(m1, name)),
      [80, 48, 12],
    );
    const m2 = magnitudeLayerwise(arch, params, m1, { layers: ["dense0/kernel"], rate: 0.25 });
    assert.deepEqual(
      K.map((name) => keptOf(m2, name)),
      [60, 48, 12],
    );
    assert.deepEqual(maskValues(m2, "dense1/kernel"), maskValues(m1, "dense1/kernel"));
    disposeMasks(m0, m1, m2);
  });

  it("adds entries for layers the mask lacks (an empty mask means dense)", () => {
    const empty = Mask.fromTensors({});
    const m1 = magnitudeLayerwise(arch, params, empty, { layers: ["dense0/kernel"] });
    assert.deepEqual(m1.names, ["dense0/kernel"]);
    assert.equal(keptOf(m1, "dense0/kernel"), 64);
    m1.dispose();
  });

  it("breaks ties by row-major index: equal magnitudes prune the earliest weights first", () => {
    const { arch: tiedArch, params: tied } = paramsFrom([
      [
        [1, -1, 1, -1, 1],
        [-1, 1, -1, 1, -1],
      ],
      [[2], [2], [2], [2], [0.5]],
    ]);
    const m0 = fullMask(tiedArch);
    const m1 = magnitudeLayerwise(tiedArch, tied, m0, { rate: 0.3, outputRate: 0.2 }); // round(3) and round(1)
    assert.deepEqual(Array.from(maskValues(m1, "dense0/kernel")), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(maskValues(m1, "dense1/kernel")), [1, 1, 1, 1, 0]);
    const m2 = magnitudeLayerwise(tiedArch, tied, m1, { rate: 0.3, outputRate: 0.3 }); // round(2.1), round(1.2)
    assert.deepEqual(Array.from(maskValues(m2, "dense0/kernel")), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(maskValues(m2, "dense1/kernel")), [0, 1, 1, 1, 0]);
    disposeMasks(m0, m1, m2);
    disposeParams(tied);
  });
});
