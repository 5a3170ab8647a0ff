import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { randomScales } from "../../lib/gauge/random-group";
import { rescale } from "../../lib/gauge/rescale";
import { mlp, prunableParams } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { uniformArray } from "../../lib/core/rng";
import { magnitudeGlobal } from "../../lib/prune/magnitude-global";
import { snip } from "../../lib/prune/snip";
import { synflow } from "../../lib/prune/synflow";
import type { Mask } from "../../lib/train/mask";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, maskSnapshot } from "./helpers";

useBackend();

// Rescaling ReLU neuron j by c > 0 (incoming weights and bias × c, outgoing × 1/c) keeps the function, so the
// loss and every input-output path product are unchanged. SNIP's |w · ∂L/∂w| and SynFlow's |θ · ∂R/∂θ| are
// therefore gauge-invariant scores; a weight's magnitude is not.
const density = 0.2;
const arch = mlp([6, 24, 16, 3]);
let X: tf.Tensor2D, y: tf.Tensor2D, params: Params, rescaled: Params;
before(() => {
  X = tf.tensor2d(uniformArray(40 * 6, 1, -1, 1), [40, 6]);
  y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 40 }, (_, i) => i % 3),
      "int32",
    ),
    3,
  ) as tf.Tensor2D;
  params = initParams(arch, { seed: 3 });
  rescaled = rescale(arch, params, randomScales(arch, 4, [0.25, 4]));
});
after(() => {
  [params, rescaled].forEach(disposeParams);
  tf.dispose([X, y]);
});

type Strategy = (params: Params, mask: Mask) => Mask;
const strategies: [string, Strategy, boolean][] = [
  ["snip", (p, m) => snip(arch, p, m, { X, y, density }), true],
  ["synflow", (p, m) => synflow(arch, p, m, { density, iterations: 20 }), true],
  [
    "magnitude-global",
    (p, m) => magnitudeGlobal(arch, p, m, { rate: 1 - density, layers: prunableParams(arch) }),
    false,
  ],
];

function maskOf(strategy: Strategy, p: Params): Record<string, number[]> {
  const ones = fullMask(arch);
  const mask = strategy(p, ones);
  const values = maskSnapshot(mask);
  disposeMasks(ones, mask);
  return values;
}

describe("pruning scores and the rescaling gauge", () => {
  for (const [name, strategy, invariant] of strategies) {
    it(`${name} ${invariant ? "keeps the same mask" : "changes its mask"} on a rescaled copy of the network`, async () => {
      await assertNoLeaks(() => {
        const [before, moved] = [maskOf(strategy, params), maskOf(strategy, rescaled)];
        if (invariant) assert.deepEqual(moved, before);
        else assert.notDeepEqual(moved, before);
      });
    });
  }
});
