import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  type Architecture,
  checkParams,
  layerParamNames,
  layerSizes,
  layersOf,
  mlp,
  paramShapes,
  prunableParams,
} from "../../lib/core/architecture";
import { ACTIVATIONS } from "../../lib/core/activations";
import type { LayerSpec } from "../../lib/core/layer-kind";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const arch = (layers: readonly unknown[], inDim = 2): Architecture =>
  ({ inDim, layers }) as unknown as Architecture;
const fails = (a: Architecture, message: string) => assert.throws(() => layersOf(a), { message });

describe("mlp", () => {
  it("is plain JSON: dense layers of the given widths, the activation on hidden layers, a linear output", () => {
    const a = mlp([784, 300, 100, 10], { activation: "squaredRelu" });
    assert.deepEqual(a, {
      inDim: 784,
      layers: [
        { kind: "dense", units: 300, activation: "squaredRelu" },
        { kind: "dense", units: 100, activation: "squaredRelu" },
        { kind: "dense", units: 10, activation: "linear" },
      ],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
    assert.deepEqual(mlp([3, 2]).layers, [{ kind: "dense", units: 2, activation: "linear" }]);
    assert.equal(mlp([3, 4, 2]).layers[0].activation, "relu", "ReLU by default");
  });

  it("rejects a misspelled option instead of silently using ReLU", () => {
    assert.throws(() => mlp([2, 3, 1], { activaton: "tanh" } as never), {
      message: 'mlp: unknown option "activaton"; did you mean "activation"? (the options are activation)',
    });
    assert.throws(() => mlp([2, 3, 1], { activation: 1 } as never), {
      message: "mlp: activation must be a string; got the number 1",
    });
  });

  it("rejects sizes that are not ≥ 2 positive integers", () => {
    for (const sizes of [[], [3], [3, 0], [3, 2.5, 1], [3, -1]]) {
      assert.throws(() => mlp(sizes), {
        message: `mlp: sizes must be ≥ 2 positive integers [inDim, ..., outDim]; got [${sizes}]`,
      });
    }
  });
});

describe("layersOf", () => {
  it("resolves names, widths, param names and shapes, frozen flags; memoised per architecture", () => {
    const a = arch(
      [
        { kind: "dense", units: 4, activation: "relu", name: "hidden", frozen: true },
        { kind: "dense", units: 3, activation: "tanh" },
        { kind: "dense", units: 1 },
      ],
      5,
    );
    const layers = layersOf(a);
    assert.equal(layersOf(a), layers, "memoised");
    assert.deepEqual(
      layers.map((l) => [l.index, l.name, l.kind.kind, l.inDim, l.outDim, l.frozen]),
      [
        [0, "hidden", "dense", 5, 4, true],
        [1, "dense1", "dense", 4, 3, false],
        [2, "dense2", "dense", 3, 1, false],
      ],
    );
    assert.deepEqual(layers[0].paramNames, { kernel: "hidden/kernel", bias: "hidden/bias" });
    assert.deepEqual(layers[1].shapes, { kernel: [4, 3], bias: [3] });
    assert.equal(layers[1].spec, a.layers[1]);
    assert.deepEqual(layerSizes(a), [5, 4, 3, 1]);
    assert.deepEqual(paramShapes(a), {
      "hidden/kernel": [5, 4],
      "hidden/bias": [4],
      "dense1/kernel": [4, 3],
      "dense1/bias": [3],
      "dense2/kernel": [3, 1],
      "dense2/bias": [1],
    });
    assert.deepEqual(Object.keys(paramShapes(a)), [
      "hidden/kernel",
      "hidden/bias",
      "dense1/kernel",
      "dense1/bias",
      "dense2/kernel",
      "dense2/bias",
    ]);
    assert.deepEqual(prunableParams(a), ["hidden/kernel", "dense1/kernel", "dense2/kernel"]);
    assert.deepEqual(layerParamNames(a, 1), ["dense1/kernel", "dense1/bias"]);
    assert.deepEqual(layerParamNames(a, "hidden"), ["hidden/kernel", "hidden/bias"]);
    assert.throws(() => layerParamNames(a, 3), {
      message: "no layer 3; the layers are hidden, dense1, dense2",
    });
    assert.throws(() => layerParamNames(a, "dense0"), {
      message: 'no layer "dense0"; the layers are hidden, dense1, dense2',
    });
  });

  it("accepts every activation in the table", () => {
    for (const activation of ACTIVATIONS) {
      assert.equal(layersOf(mlp([2, 3, 1], { activation }))[0].spec.activation, activation);
    }
  });

  it("rejects an unknown layer kind, naming the layer, the closest kind and the known ones", () => {
    fails(
      arch([
        { kind: "dense", units: 3 },
        { kind: "dence", units: 2 },
      ]),
      'architecture: layers[1]: unknown layer kind "dence"; did you mean "dense"? known: dense, hinge, bspline, randomRelu, attention',
    );
    fails(
      arch([{ kind: "conv2d", units: 2 }]),
      'architecture: layers[0]: unknown layer kind "conv2d"; known: dense, hinge, bspline, randomRelu, attention',
    );
    fails(
      arch([{ units: 2 }]),
      "architecture: layers[0]: unknown layer kind undefined; known: dense, hinge, bspline, randomRelu, attention",
    );
  });

  it("rejects unknown, mistyped and bad options of a dense layer", () => {
    fails(
      arch([{ kind: "dense", unit: 3 }]),
      'architecture: layers[0]: unknown option "unit"; did you mean "units"? ' +
        "(the options are kind, name, frozen, units, activation)",
    );
    fails(arch([{ kind: "dense" }]), 'architecture: layers[0]: option "units" is missing (a number)');
    fails(
      arch([{ kind: "dense", units: "3" }]),
      'architecture: layers[0]: units must be a number; got a string ("3")',
    );
    for (const units of [2.5, 0, -1, NaN]) {
      fails(
        arch([{ kind: "dense", units }]),
        `architecture: layers[0] (dense): units must be a positive integer; got ${units}`,
      );
    }
    fails(
      arch([{ kind: "dense", units: 2, frozen: "yes" }]),
      'architecture: layers[0]: frozen must be a boolean; got a string ("yes")',
    );
    fails(
      mlp([2, 3, 2], { activation: "tanhh" as "tanh" }),
      'architecture: layers[0] (dense): unknown activation "tanhh"; did you mean "tanh"? ' +
        "(use one of relu, leakyRelu, linear, squaredRelu, tanh, silu)",
    );
    fails(
      arch([{ kind: "dense", units: 2, activation: "toString" }]),
      'architecture: layers[0] (dense): unknown activation "toString" ' +
        "(use one of relu, leakyRelu, linear, squaredRelu, tanh, silu)",
    );
  });

  it("rejects duplicate or malformed layer names, empty layers, bad inDim and non-object specs", () => {
    fails(
      arch([
        { kind: "dense", units: 3, name: "a" },
        { kind: "dense", units: 2, name: "a" },
      ]),
      'architecture: layers[1]: the name "a" is used twice',
    );
    // An explicit name may not collide with a default one either.
    fails(
      arch([
        { kind: "dense", units: 3 },
        { kind: "dense", units: 2, name: "dense0" },
      ]),
      'architecture: layers[1]: the name "dense0" is used twice',
    );
    fails(
      arch([{ kind: "dense", units: 3, name: "a/b" }]),
      'architecture: layers[0]: name "a/b" must be non-empty, no "/"',
    );
    fails(
      arch([{ kind: "dense", units: 3, name: "" }]),
      'architecture: layers[0]: name "" must be non-empty, no "/"',
    );
    fails(arch([]), "architecture: layers is empty; give at least one layer");
    fails(arch([{ kind: "dense", units: 3 }], 0), "architecture: inDim must be a positive integer; got 0");
    fails(arch([3]), "architecture: layers[0] is the number 3");
    fails(arch([null]), "architecture: layers[0] is null");
    assert.throws(() => layersOf({ inDim: 2 } as unknown as Architecture), {
      message: 'architecture: option "layers" is missing (an array)',
    });
    assert.throws(() => layersOf({ inDim: 2, layers: [], depth: 3 } as unknown as Architecture), {
      message: 'architecture: unknown option "depth" (the options are inDim, layers)',
    });
  });
});

describe("checkParams", () => {
  it("accepts exactly the architecture's params and names the first missing, extra or misshapen one", async () => {
    const a = mlp([3, 4, 2]);
    const params = initParams(a, { seed: 0 });
    await assertNoLeaks(() => {
      checkParams(a, params, "f");
      const { "dense0/bias": _dropped, ...missing } = params;
      assert.throws(() => checkParams(a, missing, "f"), { message: "f: params have no dense0/bias [4]" });
      const extra = tf.zeros([1]);
      assert.throws(() => checkParams(a, { ...params, extra }, "f"), {
        message:
          "f: params have extra, which the architecture does not " +
          "(it has dense0/kernel, dense0/bias, dense1/kernel, dense1/bias)",
      });
      const wrong = tf.zeros([4, 3]);
      assert.throws(() => checkParams(a, { ...params, "dense1/kernel": wrong }, "f"), {
        message: "f: dense1/kernel is [4,3] but the architecture makes it [4,2]",
      });
      tf.dispose([extra, wrong]);
    });
    // Params of another architecture with the same names but other widths.
    const other = initParams(mlp([3, 5, 2]), { seed: 0 });
    assert.throws(() => checkParams(a, other, "forward"), {
      message: "forward: dense0/kernel is [3,5] but the architecture makes it [3,4]",
    });
    disposeParams(other);
    disposeParams(params);
  });

  it("reads names from the architecture, not from a convention", () => {
    const specs: LayerSpec[] = [
      { kind: "dense", units: 2, name: "encoder" },
      { kind: "dense", units: 1, name: "head" },
    ];
    const a = arch(specs);
    const params = initParams(a, { seed: 0 });
    assert.deepEqual(Object.keys(params), ["encoder/kernel", "encoder/bias", "head/kernel", "head/bias"]);
    assert.throws(() => checkParams(mlp([2, 2, 1]), params, "g"), /^Error: g: params have encoder\/kernel/);
    disposeParams(params);
  });
});
