import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { Mask } from "../../lib/train/mask";
import { magnitudeGlobal } from "../../lib/prune/magnitude-global";
import { maskedFraction } from "../../lib/prune/report";
import { useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, makeParams } from "./helpers";

useBackend();

describe("maskedFraction", () => {
  const arch = mlp([8, 10, 6, 4]); // kernels of 80, 60, 24 weights
  const params = makeParams(arch, 13);
  after(() => disposeParams(params));

  it("reports kept, total and density per layer, then a total row", () => {
    const m0 = fullMask(arch);
    const m1 = magnitudeGlobal(arch, params, m0, { rate: 0.5, layers: ["dense0/kernel"] });
    const rows = maskedFraction(m1);
    assert.deepEqual(rows, [
      { layer: "dense0/kernel", kept: 40, total: 80, density: 0.5 },
      { layer: "dense1/kernel", kept: 60, total: 60, density: 1 },
      { layer: "dense2/kernel", kept: 24, total: 24, density: 1 },
      { layer: "total", kept: 124, total: 164, density: 124 / 164 },
    ]);
    disposeMasks(m0, m1);
  });

  it("with the architecture, counts unmasked prunable params as fully kept", () => {
    const m0 = Mask.ones(params, ["dense1/kernel"]);
    const m1 = magnitudeGlobal(arch, params, m0, { rate: 0.25, layers: ["dense1/kernel"] });
    const partial = magnitudeGlobal(arch, params, m1, { rate: 0.5, layers: ["dense1/kernel"] });
    disposeMasks(m0, m1);
    assert.deepEqual(
      maskedFraction(partial).map((r) => r.layer),
      ["dense1/kernel", "total"],
    );
    const rows = maskedFraction(partial, arch);
    assert.deepEqual(
      rows.map((r) => [r.layer, r.kept, r.total]),
      [
        ["dense0/kernel", 80, 80],
        ["dense1/kernel", 22, 60], // 60 → 45 → round(22.5) = 23 pruned
        ["dense2/kernel", 24, 24],
        ["total", 126, 164],
      ],
    );
    partial.dispose();
  });

  it("rejects a mask that does not fit the architecture", () => {
    const other = Mask.fromTensors({ "dense0/kernel": tf.ones([8, 9]) });
    assert.throws(() => maskedFraction(other, arch), {
      message: "maskedFraction: mask entry dense0/kernel is [8,9] but the architecture makes it [8,10]",
    });
    const stray = Mask.fromTensors({ "dense5/kernel": tf.ones([2, 2]) });
    assert.throws(() => maskedFraction(stray, arch), {
      message:
        "maskedFraction: mask entry dense5/kernel is not a param of the architecture (a mask from another one?)",
    });
    disposeMasks(other, stray);
  });
});
