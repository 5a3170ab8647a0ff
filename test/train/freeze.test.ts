import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { type Architecture, layerParamNames, mlp, paramShapes } from "../../lib/core/architecture";
import { trainableNames } from "../../lib/train/freeze";

const ALL = ["dense0/kernel", "dense0/bias", "dense1/kernel", "dense1/bias"];

describe("trainableNames", () => {
  it("is every param except the frozen names, in storage order", () => {
    const arch = mlp([3, 4, 2]);
    assert.deepEqual([...trainableNames(arch)], ALL);
    assert.deepEqual(layerParamNames(arch, 1), ["dense1/kernel", "dense1/bias"]);
    assert.deepEqual([...trainableNames(arch, layerParamNames(arch, 0))], ["dense1/kernel", "dense1/bias"]);
    assert.deepEqual(
      [...trainableNames(arch, ["dense0/bias"])],
      ["dense0/kernel", "dense1/kernel", "dense1/bias"],
    );
  });

  it("leaves out the params of layers frozen in the spec, together with frozen names", () => {
    const arch: Architecture = {
      inDim: 3,
      layers: [
        { kind: "dense", units: 4, activation: "relu", frozen: true },
        { kind: "dense", units: 4, activation: "relu", name: "mid" },
        { kind: "dense", units: 2, frozen: false },
      ],
    };
    assert.deepEqual([...trainableNames(arch)], ["mid/kernel", "mid/bias", "dense2/kernel", "dense2/bias"]);
    assert.deepEqual(
      [...trainableNames(arch, ["mid/bias", "dense0/kernel"])],
      ["mid/kernel", "dense2/kernel", "dense2/bias"],
    );
  });

  it("rejects unknown names and freezing everything, by names, by spec or both", () => {
    const arch = mlp([3, 4, 2]);
    assert.throws(() => trainableNames(arch, ["dense5/bias"]), {
      message: `cannot freeze dense5/bias: the params are ${ALL.join(", ")}`,
    });
    const nothing = { message: "every parameter is frozen: nothing to train" };
    assert.throws(() => trainableNames(arch, ALL), nothing);
    const allFrozen: Architecture = {
      inDim: 3,
      layers: [
        { kind: "dense", units: 4, frozen: true },
        { kind: "dense", units: 2, frozen: true },
      ],
    };
    assert.throws(() => trainableNames(allFrozen), nothing);
    const firstFrozen: Architecture = {
      inDim: 3,
      layers: [allFrozen.layers[0], { kind: "dense", units: 2 }],
    };
    assert.throws(() => trainableNames(firstFrozen, layerParamNames(firstFrozen, 1)), nothing);
    assert.deepEqual(Object.keys(paramShapes(allFrozen)), ALL, "frozen layers still have params");
  });
});
