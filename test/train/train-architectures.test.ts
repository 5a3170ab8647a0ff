import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { ACTIVATIONS } from "../../lib/core/activations";
import { type Architecture, layerParamNames, mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { evaluate } from "../../lib/train/evaluate";
import { train } from "../../lib/train/train";
import type { TrainOptions } from "../../lib/train/train-options";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { moons } from "./train-fixture";

useBackend();

const values = (params: Params, name: string) => Array.from(params[name].dataSync());
const BASE = { seed: 0, numSteps: 60, batchSize: 20, handleSigint: false } as const;

/** Trains `arch` from seed-0 params on two moons and hands the result and the start to `check`. */
async function runArch(
  arch: Architecture,
  options: Partial<TrainOptions>,
  check: (trained: Params, init: Params, trainLoss: Float32Array) => void,
): Promise<void> {
  const init = initParams(arch, { seed: 0 });
  const r = await train(
    arch,
    init,
    { train: moons.train },
    { optimizer: { kind: "sgd", lr: 0.2 }, ...BASE, ...options },
  );
  try {
    check(r.params, init, r.trainLoss);
  } finally {
    disposeParams(r.params);
    disposeParams(init);
  }
}

/** Mean of the first and of the last `k` entries. */
const ends = (xs: Float32Array, k = 10) =>
  [xs.slice(0, k), xs.slice(-k)].map((a) => a.reduce((s, x) => s + x, 0) / k);

describe("train: any architecture", () => {
  for (const activation of ACTIVATIONS) {
    it(`trains a ${activation} MLP: the loss goes down, no tensors leak`, async () => {
      await assertNoLeaks(() =>
        runArch(mlp([2, 16, 16, 2], { activation }), { numSteps: 150 }, (_p, _i, trainLoss) => {
          const [first, last] = ends(trainLoss);
          assert.ok(last < 0.8 * first, `${activation}: loss ${first} → ${last}`);
        }),
      );
    });
  }

  for (const frozenLayer of [0, 1, 2]) {
    it(`keeps a layer frozen in the spec (layer ${frozenLayer}) bit-identical while the rest moves, on both paths`, async () => {
      const arch: Architecture = {
        inDim: 2,
        layers: [16, 16, 2].map((units, l) => ({
          kind: "dense",
          units,
          activation: l < 2 ? "tanh" : "linear",
          frozen: l === frozenLayer,
        })),
      };
      for (const autodiff of [false, true]) {
        for (const optimizer of [
          { kind: "sgd", lr: 0.2, weightDecay: 0.01 },
          { kind: "adam", lr: 0.01 },
        ]) {
          await assertNoLeaks(() =>
            runArch(arch, { autodiff, optimizer }, (trained, init) => {
              for (let l = 0; l < 3; l++) {
                for (const name of layerParamNames(arch, l)) {
                  if (l === frozenLayer) assert.deepEqual(values(trained, name), values(init, name), name);
                  else assert.notDeepEqual(values(trained, name), values(init, name), name);
                }
              }
            }),
          );
        }
      }
    });
  }

  it("trains through tf.grads with autodiff: true to the hand-written path's params (float rounding only)", async () => {
    for (const activation of ["relu", "silu"] as const) {
      const arch = mlp([2, 16, 16, 2], { activation });
      let hand: Params = {};
      await runArch(arch, { numSteps: 40 }, (trained) => {
        hand = Object.fromEntries(Object.entries(trained).map(([n, t]) => [n, t.clone()]));
      });
      await runArch(arch, { numSteps: 40, autodiff: true }, (trained) => {
        for (const name of Object.keys(hand)) assertClose(values(trained, name), values(hand, name), 1e-4);
      });
      disposeParams(hand);
    }
  });

  it("evaluates with the architecture's activation (a tanh model is not run as ReLU)", () => {
    const arch = mlp([2, 8, 2], { activation: "tanh" });
    const asRelu = mlp([2, 8, 2]);
    const params = initParams(arch, { seed: 3, biasValue: -0.5 });
    const a = evaluate(arch, params, moons.test, { loss: "softmaxCrossEntropy" });
    const b = evaluate(asRelu, params, moons.test, { loss: "softmaxCrossEntropy" });
    assert.notEqual(a.loss, b.loss);
    assert.equal(
      evaluate(arch, params, moons.test, { loss: "softmaxCrossEntropy", batchSize: 7 }).accuracy,
      a.accuracy,
    );
    assert.throws(() => evaluate(arch, params, moons.test, { loss: "mse", batchsize: 7 } as never), {
      message:
        'evaluate: unknown option "batchsize"; did you mean "batchSize"? (the options are loss, batchSize)',
    });
    disposeParams(params);
  });
});
