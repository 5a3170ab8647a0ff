import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { frozenFromFlags, layerParamNames, trainableFlags, trainableNames } from "../../lib/train/freeze";
import { initMlp } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { useBackend } from "../helpers/tf";

useBackend();

describe("freeze", () => {
  it("turns frozen names into trainable sets and flags, and back", () => {
    const params = initMlp([3, 4, 2], { seed: 0 });
    assert.deepEqual(layerParamNames(1), ["dense1/kernel", "dense1/bias"]);
    assert.deepEqual([...trainableNames(params, layerParamNames(0))], ["dense1/kernel", "dense1/bias"]);
    const flags = trainableFlags(params, ["dense0/bias"]);
    assert.deepEqual(flags, {
      "dense0/kernel": true,
      "dense0/bias": false,
      "dense1/kernel": true,
      "dense1/bias": true,
    });
    assert.deepEqual(frozenFromFlags(flags), ["dense0/bias"]);
    assert.throws(
      () => trainableNames(params, ["dense5/bias"]),
      /cannot freeze dense5\/bias: params have dense0\/kernel, dense0\/bias/,
    );
    assert.throws(
      () => trainableNames(params, Object.keys(params)),
      /every parameter is frozen: nothing to train/,
    );
    disposeParams(params);
  });
});
