import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { magnitudeGlobal } from "../../lib/prune/magnitude-global";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, keptOf, makeParams, maskValues, paramsFrom } from "./helpers";

useBackend();

const K = ["dense0/kernel", "dense1/kernel", "dense2/kernel"];

describe("magnitudeGlobal", () => {
  const arch = mlp([8, 10, 6, 4]); // kernels of 80, 60, 24 weights
  const params = makeParams(arch, 2);
  after(() => disposeParams(params));

  it("prunes 20% of the remaining weights of the hidden layers per round, output layer untouched", async () => {
    await assertNoLeaks(() => {
      const m0 = fullMask(arch);
      const m1 = magnitudeGlobal(arch, params, m0);
      assert.equal(keptOf(m1, "dense0/kernel") + keptOf(m1, "dense1/kernel"), 140 - 28);
      assert.equal(keptOf(m1, "dense2/kernel"), 24);
      const m2 = magnitudeGlobal(arch, params, m1);
      assert.equal(keptOf(m2, "dense0/kernel") + keptOf(m2, "dense1/kernel"), 112 - 22); // round(22.4)
      assert.equal(keptOf(m2, "dense2/kernel"), 24);
      disposeMasks(m0, m1, m2);
    });
  });

  it("uses one threshold across layers: the kept set is the top |w| of all chosen layers together", () => {
    const m0 = fullMask(arch);
    const m1 = magnitudeGlobal(arch, params, m0, { rate: 0.3, layers: K });
    const m2 = magnitudeGlobal(arch, params, m1, { rate: 0.3, layers: K });
    const w = K.flatMap((name) => Array.from(params[name].dataSync(), Math.abs));
    const a = K.flatMap((name) => Array.from(maskValues(m1, name)));
    const b = K.flatMap((name) => Array.from(maskValues(m2, name)));
    assert.equal(
      a.reduce((n, v) => n + v, 0),
      164 - 49,
    ); // round(0.3 · 164)
    assert.equal(
      b.reduce((n, v) => n + v, 0),
      115 - 35,
    ); // round(34.5) rounds half up
    const threshold = [...w].sort((x, y) => x - y)[49 - 1];
    a.forEach((v, i) => assert.equal(v, w[i] > threshold ? 1 : 0, `weight ${i}`));
    b.forEach((v, i) => assert.ok(v <= a[i], `weight ${i} came back to life`));
    const kept = w.filter((_, i) => b[i] === 1);
    const pruned = w.filter((_, i) => b[i] === 0);
    assert.ok(Math.max(...pruned) <= Math.min(...kept), "threshold does not separate");
    // Per-layer counts follow from the one threshold: layers differ in density.
    const perLayer = K.map((name) => keptOf(m1, name) / params[name].size);
    assert.ok(new Set(perLayer).size > 1);
    disposeMasks(m0, m1, m2);
  });

  it("takes all pruning from the layer with the smallest weights", () => {
    const model = paramsFrom([
      [
        [0.1, -0.2],
        [0.3, 0.4],
      ],
      [
        [5, -6],
        [7, 8],
      ],
      [[1], [1]],
    ]);
    const m0 = fullMask(model.arch);
    const m1 = magnitudeGlobal(model.arch, model.params, m0, { rate: 0.5 }); // 4 of 8 hidden weights
    assert.deepEqual(Array.from(maskValues(m1, "dense0/kernel")), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(maskValues(m1, "dense1/kernel")), [1, 1, 1, 1]);
    assert.deepEqual(Array.from(maskValues(m1, "dense2/kernel")), [1, 1]);
    disposeMasks(m0, m1);
    disposeParams(model.params);
  });

  it("breaks ties by layer order, then row-major index", () => {
    const model = paramsFrom([[[1, -1]], [[-1], [1]]]);
    const m0 = fullMask(model.arch);
    const m1 = magnitudeGlobal(model.arch, model.params, m0, {
      rate: 0.75,
      layers: ["dense0/kernel", "dense1/kernel"],
    }); // 3 of 4
    assert.deepEqual(Array.from(maskValues(m1, "dense0/kernel")), [0, 0]);
    assert.deepEqual(Array.from(maskValues(m1, "dense1/kernel")), [0, 1]);
    disposeMasks(m0, m1);
    disposeParams(model.params);
  });
});
