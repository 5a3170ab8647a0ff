import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, prunableParams } from "../../lib/core/architecture";
import type { LayerKind } from "../../lib/core/layer-kind";
import { registerLayerKind } from "../../lib/core/layer-registry";
import { dense, type DenseSpec } from "../../lib/core/layers/dense";
import { disposeParams } from "../../lib/core/params";
import { magnitudeLayerwise } from "../../lib/prune/magnitude-layerwise";
import { prune } from "../../lib/prune/registry";
import { snip } from "../../lib/prune/snip";
import { synflow, synflowScores } from "../../lib/prune/synflow";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, keptOf, makeParams } from "./helpers";

useBackend();

// Two toy kinds with the dense kind's shape under other names: "affine" (prunable kernel) and "frozen-affine"
// (nothing prunable). Strategies must read prunability and structure from the kinds, never from names.
registerLayerKind({ ...dense, kind: "affine" } as unknown as LayerKind<DenseSpec>);
registerLayerKind({ ...dense, kind: "fixed-affine", prunable: [] } as unknown as LayerKind<DenseSpec>);

describe("strategies on other layer kinds", () => {
  const arch: Architecture = {
    inDim: 4,
    layers: [
      { kind: "dense", units: 5, activation: "relu" },
      { kind: "affine", units: 3, activation: "relu", name: "mid" },
      { kind: "fixed-affine", units: 2 },
    ],
  };
  const params = makeParams(arch, 21);
  const X = tf.tensor2d(
    Array.from({ length: 12 }, (_, i) => ((i * 5) % 7) - 3),
    [3, 4],
  );
  const y = tf.tensor1d([0, 1, 1], "int32");
  after(() => {
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("prune exactly the kinds' prunable params", () => {
    assert.deepEqual(prunableParams(arch), ["dense0/kernel", "mid/kernel"]);
    const m0 = fullMask(arch);
    const m1 = magnitudeLayerwise(arch, params, m0);
    assert.deepEqual(m1.names, ["dense0/kernel", "mid/kernel"]);
    // 20% of dense0's 20, and the output rate 10% of mid's 15: mid is the last prunable param.
    assert.deepEqual([keptOf(m1, "dense0/kernel"), keptOf(m1, "mid/kernel")], [16, 13]);
    const m2 = snip(arch, params, m0, { X, y, density: 0.5 });
    assert.equal(m2.numKept, 18);
    disposeMasks(m0, m1, m2);
  });

  it("say why a param of a kind that prunes nothing cannot be pruned", () => {
    const m0 = fullMask(arch);
    assert.throws(
      () => prune(arch, params, m0, { kind: "magnitude-global", layers: ["fixed-affine2/kernel"] }),
      {
        message:
          'magnitude-global: cannot prune fixed-affine2/kernel: layer fixed-affine2 (kind "fixed-affine") has no prunable params',
      },
    );
    m0.dispose();
  });

  it("SynFlow fails clearly, without leaking, on an architecture that is not all dense", async () => {
    const m0 = fullMask(arch);
    const message =
      'synflow: layer mid is of kind "affine"; SynFlow is defined for architectures of dense layers only';
    await assertNoLeaks(() => {
      assert.throws(() => synflow(arch, params, m0, { density: 0.5 }), { message });
      assert.throws(() => synflowScores(arch, params, m0), { message });
      assert.throws(() => prune(arch, params, m0, { kind: "synflow", density: 0.5 }), { message });
    });
    m0.dispose();
  });
});
