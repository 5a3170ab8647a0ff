import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { magnitudeGlobal } from "../../lib/prune/magnitude-global";
import { magnitudeLayerwise } from "../../lib/prune/magnitude-layerwise";
import { randomMaskLike, randomPrune } from "../../lib/prune/random";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, keptOf, makeParams, maskSnapshot, maskValues } from "./helpers";

useBackend();

const K = ["dense0/kernel", "dense1/kernel", "dense2/kernel"];

describe("randomPrune", () => {
  const arch = mlp([8, 10, 6, 4]);
  const params = makeParams(arch, 3);
  after(() => disposeParams(params));

  it("prunes the same per-layer counts as magnitude-layerwise, round after round, monotonically", async () => {
    await assertNoLeaks(() => {
      const m0 = fullMask(arch);
      const r1 = randomPrune(arch, params, m0, { seed: 7 });
      const r2 = randomPrune(arch, params, r1, { seed: 8 });
      const g1 = magnitudeLayerwise(arch, params, m0);
      const g2 = magnitudeLayerwise(arch, params, g1);
      assert.deepEqual(
        K.map((name) => keptOf(r2, name)),
        K.map((name) => keptOf(g2, name)),
      );
      assert.deepEqual(
        K.map((name) => keptOf(r2, name)),
        [51, 38, 20],
      );
      for (const name of K) {
        const [a, b] = [maskValues(r1, name), maskValues(r2, name)];
        b.forEach((v, i) => assert.ok(v <= a[i], `${name}[${i}] came back to life`));
      }
      assert.notDeepEqual(maskSnapshot(r2), maskSnapshot(g2));
      disposeMasks(m0, r1, r2, g1, g2);
    });
  });

  it("is reproducible: the same seed gives identical masks, different seeds differ", () => {
    const m0 = fullMask(arch);
    const a = randomPrune(arch, params, m0, { seed: 11, rate: 0.5, outputRate: 0.5 });
    const b = randomPrune(arch, params, m0, { seed: 11, rate: 0.5, outputRate: 0.5 });
    const c = randomPrune(arch, params, m0, { seed: 12, rate: 0.5, outputRate: 0.5 });
    assert.deepEqual(maskSnapshot(a), maskSnapshot(b));
    for (const name of K) assert.notDeepEqual(maskValues(a, name), maskValues(c, name), name);
    disposeMasks(m0, a, b, c);
  });

  it("ignores the weights: same seed, different params, same mask", () => {
    const other = makeParams(arch, 4);
    const m0 = fullMask(arch);
    const a = randomPrune(arch, params, m0, { seed: 5 });
    const b = randomPrune(arch, other, m0, { seed: 5 });
    assert.deepEqual(maskSnapshot(a), maskSnapshot(b));
    disposeMasks(m0, a, b);
    disposeParams(other);
  });
});

describe("randomMaskLike", () => {
  const arch = mlp([8, 10, 6, 4]);
  const params = makeParams(arch, 3);
  after(() => disposeParams(params));

  it("keeps each layer's count of a ticket's mask at fresh seeded positions", async () => {
    const m0 = fullMask(arch);
    const m1 = magnitudeGlobal(arch, params, m0, { rate: 0.6, layers: K });
    const ticket = magnitudeGlobal(arch, params, m1, { rate: 0.5, layers: K });
    await assertNoLeaks(() => {
      const a = randomMaskLike(ticket, 1);
      const b = randomMaskLike(ticket, 1);
      const c = randomMaskLike(ticket, 2);
      assert.deepEqual(a.names, ticket.names);
      assert.deepEqual(
        K.map((name) => keptOf(a, name)),
        K.map((name) => keptOf(ticket, name)),
      );
      assert.deepEqual(maskSnapshot(a), maskSnapshot(b));
      assert.notDeepEqual(maskSnapshot(a), maskSnapshot(c));
      for (const name of K) assert.notDeepEqual(maskValues(a, name), maskValues(ticket, name), name);
      disposeMasks(a, b, c);
    });
    disposeMasks(m0, m1, ticket);
  });

  it("rejects a non-integer seed", () => {
    const m0 = fullMask(arch);
    assert.throws(() => randomMaskLike(m0, 1.5), {
      message: "randomMaskLike: seed must be an integer; got 1.5",
    });
    m0.dispose();
  });
});
