import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import type { Architecture } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { trainableNames } from "../../lib/train/freeze";
import { frozenDepth } from "../../lib/train/frozen-features";
import { Mask } from "../../lib/train/mask";
import { train } from "../../lib/train/train";
import { assertClose, assertNoLeaks, describeOnBackends } from "../helpers/tf";
import { moons } from "./train-fixture";

const ARCH: Architecture = {
  inDim: 2,
  layers: [
    { kind: "dense", units: 16, activation: "relu", frozen: true },
    { kind: "hinge", knots: 3, range: [0, 1] },
    { kind: "dense", units: 8, activation: "relu" },
    { kind: "dense", units: 2 },
  ],
};

describe("frozenDepth", () => {
  it("counts the bottom layers with nothing to train", () => {
    assert.equal(frozenDepth(ARCH, trainableNames(ARCH)), 2);
    assert.equal(frozenDepth(ARCH, trainableNames(ARCH, ["dense2/kernel", "dense2/bias"])), 3);
    const thawed = { ...ARCH, layers: [{ ...ARCH.layers[0], frozen: false }, ...ARCH.layers.slice(1)] };
    assert.equal(frozenDepth(thawed, trainableNames(thawed)), 0);
  });
});

describeOnBackends("train on frozen features", () => {
  it("computes them once and trains the same network, bit for bit, as recomputing them every step", async () => {
    const init = initParams(ARCH, { seed: 1 });
    const mask = Mask.fromTensors({ "dense0/kernel": init["dense0/kernel"].greater(0.2).toFloat() });
    const run = (cacheFeatures: boolean, p: Params) =>
      train(
        ARCH,
        p,
        { train: moons.train, val: moons.test },
        {
          optimizer: { kind: "adam", lr: 0.01 },
          seed: 3,
          numSteps: 60,
          batchSize: 20,
          mask,
          cacheFeatures,
          handleSigint: false,
        },
      );
    await assertNoLeaks(async () => {
      const [cached, recomputed] = [await run(true, init), await run(false, init)];
      assert.deepEqual(Object.keys(cached.params), Object.keys(init));
      for (const name of Object.keys(init)) {
        assert.deepEqual(
          cached.params[name].dataSync(),
          recomputed.params[name].dataSync(),
          `${name} bit for bit`,
        );
      }
      for (const name of ["dense0/kernel", "hinge1/kernel", "hinge1/bias"]) {
        const frozen = name === "dense0/kernel" ? init[name].mul(mask.get(name)!) : init[name].clone();
        assert.deepEqual(cached.params[name].dataSync(), frozen.dataSync(), `${name} unchanged (masked)`);
        frozen.dispose();
      }
      assertClose([cached.evals.at(-1)!.val!.loss], [recomputed.evals.at(-1)!.val!.loss], 1e-5);
      disposeParams(cached.params);
      disposeParams(recomputed.params);
    });
    disposeParams(init);
    mask.dispose();
  });
});
