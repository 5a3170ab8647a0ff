import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { Mask } from "../../lib/train/mask";
import { magnitudeGlobal } from "../../lib/prune/magnitude-global";
import { magnitudeLayerwise } from "../../lib/prune/magnitude-layerwise";
import { randomPrune } from "../../lib/prune/random";
import { snip } from "../../lib/prune/snip";
import { synflow } from "../../lib/prune/synflow";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, makeParams } from "./helpers";

useBackend();

const VALID = "dense0/kernel, dense1/kernel, dense2/kernel";

describe("bad input", () => {
  const arch = mlp([4, 5, 3, 2]); // kernels of 20, 15, 6 weights
  const params = makeParams(arch, 10);
  const m0 = fullMask(arch);
  const X = tf.zeros([2, 4]) as tf.Tensor2D;
  const y = tf.tensor1d([0, 1], "int32");
  after(() => {
    disposeParams(params);
    m0.dispose();
    tf.dispose([X, y]);
  });

  it("rejects rates outside (0, 1)", () => {
    for (const rate of [0, 1, -0.2, 1.5, NaN]) {
      assert.throws(() => magnitudeLayerwise(arch, params, m0, { rate }), {
        message: `magnitude-layerwise: rate must be in (0, 1); got ${rate}`,
      });
      assert.throws(() => magnitudeGlobal(arch, params, m0, { rate }), {
        message: `magnitude-global: rate must be in (0, 1); got ${rate}`,
      });
    }
    assert.throws(() => magnitudeLayerwise(arch, params, m0, { outputRate: 1 }), {
      message: "magnitude-layerwise: outputRate must be in (0, 1); got 1",
    });
    assert.throws(() => randomPrune(arch, params, m0, { seed: 1, rates: { "dense1/kernel": 0 } }), {
      message: "random: rates[dense1/kernel] must be in (0, 1); got 0",
    });
  });

  it("rejects a rate or density of another type, naming it", () => {
    const text = "0.2" as unknown as number;
    assert.throws(() => magnitudeGlobal(arch, params, m0, { rate: text }), {
      message: 'magnitude-global: rate must be a number in (0, 1); got a string ("0.2")',
    });
    assert.throws(() => magnitudeLayerwise(arch, params, m0, { rates: { "dense0/kernel": text } }), {
      message: 'magnitude-layerwise: rates[dense0/kernel] must be a number in (0, 1); got a string ("0.2")',
    });
    assert.throws(() => synflow(arch, params, m0, { density: text }), {
      message: 'synflow: density must be a number in (0, 1]; got a string ("0.2")',
    });
  });

  it("rejects target densities outside (0, 1] and bad iteration counts", () => {
    for (const density of [0, 1.01, -1, NaN]) {
      assert.throws(() => snip(arch, params, m0, { X, y, density }), {
        message: `snip: density must be in (0, 1]; got ${density}`,
      });
      assert.throws(() => synflow(arch, params, m0, { density }), {
        message: `synflow: density must be in (0, 1]; got ${density}`,
      });
    }
    assert.throws(() => synflow(arch, params, m0, { density: 0.5, iterations: 0 }), {
      message: "synflow: iterations must be a positive integer; got 0",
    });
  });

  it("rejects a density above what the mask already keeps", () => {
    const m1 = magnitudeGlobal(arch, params, m0, { rate: 0.5, layers: ["dense0/kernel"] }); // keeps 10 of 20
    assert.throws(() => snip(arch, params, m1, { X, y, density: 0.6, layers: ["dense0/kernel"] }), {
      message: "snip: density 0.6 keeps 12 weights but the mask already keeps only 10 of 20",
    });
    assert.throws(() => synflow(arch, params, m1, { density: 0.6, layers: ["dense0/kernel"] }), {
      message: "synflow: density 0.6 keeps 12 weights but the mask already keeps only 10 of 20",
    });
    m1.dispose();
  });

  it("rejects unknown layer names, listing the valid ones, and biases", () => {
    assert.throws(() => magnitudeLayerwise(arch, params, m0, { layers: ["dense3/kernel"] }), {
      message: `magnitude-layerwise: unknown layer dense3/kernel; did you mean "dense0/kernel"? (valid layers: ${VALID})`,
    });
    assert.throws(() => magnitudeGlobal(arch, params, m0, { layers: ["dense0"] }), {
      message: `magnitude-global: unknown layer dense0 (valid layers: ${VALID})`,
    });
    assert.throws(() => synflow(arch, params, m0, { density: 0.5, layers: [] }), {
      message: `synflow: layers is empty; valid layers: ${VALID}`,
    });
    assert.throws(() => snip(arch, params, m0, { X, y, density: 0.5, layers: ["dense1/bias"] }), {
      message: "snip: cannot prune dense1/bias: biases are never pruned",
    });
    assert.throws(() => magnitudeLayerwise(arch, params, m0, { rates: { "dense7/kernel": 0.5 } }), {
      message: `magnitude-layerwise: unknown layer dense7/kernel; did you mean "dense0/kernel"? (valid layers: ${VALID})`,
    });
    assert.throws(
      () =>
        magnitudeLayerwise(arch, params, m0, { layers: ["dense0/kernel"], rates: { "dense1/kernel": 0.5 } }),
      { message: "magnitude-layerwise: rates names dense1/kernel but layers does not include it" },
    );
  });

  it("rejects a mask from another architecture and a mask over biases", () => {
    const [widerArch, shallowArch] = [mlp([4, 6, 3, 2]), mlp([4, 5, 2])];
    const wider = makeParams(widerArch, 10);
    const shallow = makeParams(shallowArch, 10);
    const wideMask = fullMask(widerArch);
    const deepMask = fullMask(arch);
    assert.throws(() => magnitudeLayerwise(arch, params, wideMask), {
      message: "magnitude-layerwise: mask entry dense0/kernel is [4,6] but the parameter is [4,5]",
    });
    assert.throws(() => synflow(shallowArch, shallow, deepMask, { density: 0.5 }), {
      message: "synflow: mask entry dense1/kernel is [5,3] but the parameter is [5,2]",
    });
    const lonely = Mask.fromTensors({ "dense2/kernel": tf.ones([3, 2]) });
    assert.throws(() => magnitudeGlobal(shallowArch, shallow, lonely), {
      message:
        "magnitude-global: mask entry dense2/kernel has no parameter of that name: a mask from another architecture?",
    });
    const biasMask = Mask.fromTensors({ "dense0/bias": tf.ones([5]) });
    assert.throws(() => randomPrune(arch, params, biasMask, { seed: 1 }), {
      message: "random: mask entry dense0/bias is not prunable: biases are never pruned",
    });
    disposeMasks(wideMask, deepMask, lonely, biasMask);
    disposeParams(wider);
    disposeParams(shallow);
  });

  it("rejects params that are not the architecture's", () => {
    assert.throws(() => magnitudeGlobal(mlp([4, 6, 3, 2]), params, m0), {
      message: "magnitude-global: dense0/kernel is [4,5] but the architecture makes it [4,6]",
    });
    const { "dense2/bias": _bias, ...noBias } = params;
    assert.throws(() => randomPrune(arch, noBias, m0, { seed: 1 }), {
      message: "random: params have no dense2/bias [2]",
    });
  });

  it("rejects NaN or infinite weights, and a non-integer seed, without leaking", async () => {
    const bad = { ...params, "dense1/kernel": tf.fill([5, 3], NaN) };
    const inf = { ...params, "dense0/bias": tf.fill([5], Infinity) };
    await assertNoLeaks(() => {
      assert.throws(() => magnitudeGlobal(arch, bad, m0), {
        message: "magnitude-global: dense1/kernel holds NaN or infinite values",
      });
      assert.throws(() => snip(arch, inf, m0, { X, y, density: 0.5 }), {
        message: "snip: dense0/bias holds NaN or infinite values",
      });
      assert.throws(() => randomPrune(arch, params, m0, { seed: 0.5 }), {
        message: "random: seed must be an integer; got 0.5",
      });
    });
    tf.dispose([bad["dense1/kernel"], inf["dense0/bias"]]);
  });

  it("fails clearly, without leaking, when SynFlow's float32 flow overflows", async () => {
    const huge = {
      ...params,
      "dense0/kernel": tf.fill([4, 5], 1e20),
      "dense1/kernel": tf.fill([5, 3], 1e20),
    };
    await assertNoLeaks(() => {
      assert.throws(() => synflow(arch, huge, m0, { density: 0.5, iterations: 3 }), {
        message: "synflow: scores of dense0/kernel hold NaN or infinite values",
      });
    });
    tf.dispose([huge["dense0/kernel"], huge["dense1/kernel"]]);
  });
});
