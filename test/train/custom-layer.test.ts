import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  type Architecture,
  layerParamNames,
  layerSizes,
  layersOf,
  paramShapes,
  prunableParams,
} from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import type { LayerKind, LayerSpec } from "../../lib/core/layer-kind";
import { LAYER_KINDS, registerLayerKind } from "../../lib/core/layer-registry";
import { dense } from "../../lib/core/layers/dense";
import { disposeParams, type Params } from "../../lib/core/params";
import { deriveSeed, normalArray, normalTensor, uniformArray } from "../../lib/core/rng";
import { lossAndGrads } from "../../lib/train/backward";
import type { LossName } from "../../lib/train/loss";
import { train } from "../../lib/train/train";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";
import { moons } from "./train-fixture";

useBackend();

// A toy kind, to show that adding one is one object plus one registerLayerKind call: random Fourier
// ("sine") features `sin(h F + φ)` with trainable frequencies F [inDim, units] and phases φ [units]. It has
// no hand-written backward pass, so training differentiates it with tf.grads, layer by layer.
interface SineSpec extends LayerSpec {
  readonly kind: "sine";
  readonly units: number;
}

const sine: LayerKind<SineSpec> = {
  kind: "sine",
  options: { units: "number" },
  check(spec, _inDim, where) {
    if (!(Number.isInteger(spec.units) && spec.units > 0)) {
      throw new Error(`${where}: units must be a positive integer; got ${spec.units}`);
    }
  },
  outDim: (spec) => spec.units,
  paramShapes: (spec, inDim) => ({ freq: [inDim, spec.units], phase: [spec.units] }),
  prunable: ["freq"],
  init: (spec, inDim, { seed }) => ({
    freq: tf.tensor2d(normalArray(inDim * spec.units, seed), [inDim, spec.units]),
    phase: tf.tensor1d(uniformArray(spec.units, deriveSeed(seed, "phase"), 0, 2 * Math.PI)),
  }),
  forward: (_spec, p, h) =>
    tf.tidy(() => tf.sin(tf.add(tf.matMul(h, p.freq as tf.Tensor2D), p.phase)) as tf.Tensor2D),
  rescaleDegree: () => null,
};

registerLayerKind(sine);

/** dense(8, tanh) → sine(12) → dense(2): gradients for the bottom layer must pass through the toy layer. */
const ARCH: Architecture = {
  inDim: 2,
  layers: [
    { kind: "dense", units: 8, activation: "tanh" },
    { kind: "sine", units: 12 },
    { kind: "dense", units: 2 },
  ],
};
const NAMES = ["dense0/kernel", "dense0/bias", "sine1/freq", "sine1/phase", "dense2/kernel", "dense2/bias"];

describe("a layer kind registered by a test", () => {
  it("resolves in an architecture: names, shapes, widths, prunable params", () => {
    assert.ok(LAYER_KINDS.kinds.includes("sine"));
    assert.deepEqual(layerSizes(ARCH), [2, 8, 12, 2]);
    assert.deepEqual(paramShapes(ARCH), {
      "dense0/kernel": [2, 8],
      "dense0/bias": [8],
      "sine1/freq": [8, 12],
      "sine1/phase": [12],
      "dense2/kernel": [12, 2],
      "dense2/bias": [2],
    });
    assert.deepEqual(prunableParams(ARCH), ["dense0/kernel", "sine1/freq", "dense2/kernel"]);
    assert.deepEqual(layerParamNames(ARCH, "sine1"), ["sine1/freq", "sine1/phase"]);
    assert.equal(layersOf(ARCH)[1].kind, sine);
  });

  it("checks its options like the built-in kinds, and is named as a known kind", () => {
    const bad = (spec: unknown) => ({ inDim: 2, layers: [spec] }) as unknown as Architecture;
    assert.throws(() => layersOf(bad({ kind: "sine", unit: 3 })), {
      message:
        'architecture: layers[0]: unknown option "unit"; did you mean "units"? (the options are kind, name, frozen, units)',
    });
    assert.throws(() => layersOf(bad({ kind: "sine", units: 0 })), {
      message: "architecture: layers[0] (sine): units must be a positive integer; got 0",
    });
    assert.throws(() => layersOf(bad({ kind: "sin", units: 3 })), {
      message:
        'architecture: layers[0]: unknown layer kind "sin"; did you mean "sine"? known: dense, hinge, bspline, randomRelu, attention, sine',
    });
  });

  it("refuses a second registration of a kind name", () => {
    assert.throws(() => registerLayerKind(sine), {
      message: 'layer kind "sine" is already registered; pick another kind name',
    });
    assert.throws(() => registerLayerKind({ ...sine }), /layer kind "sine" is already registered/);
    assert.throws(() => registerLayerKind(dense), {
      message: 'layer kind "dense" is already registered; pick another kind name',
    });
    assert.equal(LAYER_KINDS.get("sine"), sine, "the first registration stays");
  });

  it('initialises from its own seed deriveSeed(seed, "init/<layer name>"), leaking nothing', async () => {
    await assertNoLeaks(() => {
      const params = initParams(ARCH, { seed: 4 });
      assert.deepEqual(Object.keys(params), NAMES);
      assert.deepEqual(params["sine1/freq"].dataSync(), normalArray(8 * 12, deriveSeed(4, "init/sine1")));
      disposeParams(params);
    });
  });
});

describeOnBackends("a registered kind without a backward pass", () => {
  it("runs forward as dense(tanh) → sin(h F + φ) → dense, leaking nothing", async () => {
    const params = initParams(ARCH, { seed: 1 });
    const X = normalTensor([5, 2], 2) as tf.Tensor2D;
    await assertNoLeaks(() => {
      const yHat = forward(ARCH, params, X);
      tf.tidy(() => {
        const p = (n: string) => params[n] as tf.Tensor2D;
        const h0 = tf.tanh(tf.add(tf.matMul(X, p("dense0/kernel")), p("dense0/bias"))) as tf.Tensor2D;
        const h1 = tf.sin(tf.add(tf.matMul(h0, p("sine1/freq")), p("sine1/phase"))) as tf.Tensor2D;
        const out = tf.add(tf.matMul(h1, p("dense2/kernel")), p("dense2/bias"));
        assertClose(yHat.dataSync(), out.dataSync(), 1e-5);
      });
      yHat.dispose();
    });
    X.dispose();
    disposeParams(params);
  });

  for (const loss of ["mse", "softmaxCrossEntropy"] as LossName[]) {
    it(`${loss}: per-layer tf.grads through the toy layer equals autodiff: true, for wanted subsets`, async () => {
      const params = initParams(ARCH, { seed: 1 });
      const X = normalTensor([9, 2], 3) as tf.Tensor2D;
      const y = (
        loss === "mse"
          ? normalTensor([9, 2], 4)
          : tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1, 1], "int32"), 2).toFloat()
      ) as tf.Tensor2D;
      for (const subset of [
        NAMES,
        ["dense0/kernel"],
        ["sine1/freq"],
        ["sine1/phase", "dense2/kernel"],
        ["dense0/bias"],
      ]) {
        const wanted = new Set(subset);
        await assertNoLeaks(() => {
          const hand = lossAndGrads(ARCH, params, X, y, { loss, wanted });
          const auto = lossAndGrads(ARCH, params, X, y, { loss, wanted, autodiff: true });
          assert.deepEqual(Object.keys(hand.grads).sort(), [...subset].sort());
          assertClose(hand.loss.dataSync(), auto.loss.dataSync(), 1e-5);
          for (const name of subset) {
            assert.deepEqual(hand.grads[name].shape, params[name].shape, name);
            assertClose(hand.grads[name].dataSync(), auto.grads[name].dataSync(), 1e-5);
          }
          assert.ok(
            subset.every((n) => hand.grads[n].dataSync().some((g) => g !== 0)),
            "every wanted gradient is nonzero (the test can see a dropped path)",
          );
          tf.dispose([hand.loss, auto.loss, ...Object.values(hand.grads), ...Object.values(auto.grads)]);
        });
      }
      tf.dispose([X, y]);
      disposeParams(params);
    });
  }
});

describe("training a model with the toy kind", () => {
  const options = {
    optimizer: { kind: "adam", lr: 0.01 },
    seed: 0,
    numSteps: 150,
    batchSize: 20,
    handleSigint: false,
  };
  const values = (params: Params, name: string) => Array.from(params[name].dataSync());
  const mean = (xs: Float32Array) => xs.reduce((s, x) => s + x, 0) / xs.length;

  it("trains through train(): the loss goes down, every param moves, nothing leaks", async () => {
    const init = initParams(ARCH, { seed: 0 });
    await assertNoLeaks(async () => {
      const r = await train(ARCH, init, { train: moons.train }, options);
      const [first, last] = [mean(r.trainLoss.slice(0, 10)), mean(r.trainLoss.slice(-10))];
      assert.ok(last < 0.6 * first, `loss ${first} → ${last}`);
      for (const name of NAMES) assert.notDeepEqual(values(r.params, name), values(init, name), name);
      disposeParams(r.params);
    });
    disposeParams(init);
  });

  it("keeps the toy layer bit-identical when it is frozen in the spec, and trains the layers around it", async () => {
    const frozen: Architecture = {
      ...ARCH,
      layers: [ARCH.layers[0], { kind: "sine", units: 12, frozen: true }, ARCH.layers[2]],
    };
    const init = initParams(frozen, { seed: 0 });
    for (const autodiff of [false, true]) {
      const r = await train(frozen, init, { train: moons.train }, { ...options, numSteps: 40, autodiff });
      for (const name of NAMES) {
        if (name.startsWith("sine1/")) assert.deepEqual(values(r.params, name), values(init, name), name);
        else assert.notDeepEqual(values(r.params, name), values(init, name), name);
      }
      disposeParams(r.params);
    }
    disposeParams(init);
  });
});
