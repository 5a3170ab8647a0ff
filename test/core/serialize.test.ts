import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import { loadModel, modelFromJson, modelToJson, saveModel, type ModelJson } from "../../lib/core/serialize";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

/** A model that exercises the spec: named and frozen layers, several activations, a non-trivial bias. */
const ARCH: Architecture = {
  inDim: 5,
  layers: [
    { kind: "dense", units: 4, activation: "silu", name: "features", frozen: true },
    { kind: "dense", units: 6, activation: "squaredRelu" },
    { kind: "dense", units: 3 },
  ],
};

function assertSameParams(actual: Params, expected: Params): void {
  assert.deepEqual(Object.keys(actual), Object.keys(expected), "same names in the same order");
  for (const name of Object.keys(expected)) {
    assert.equal(actual[name].dtype, "float32", name);
    assert.deepEqual(actual[name].shape, expected[name].shape, name);
    assert.deepEqual(actual[name].dataSync(), expected[name].dataSync(), name);
  }
}

describe("serialize", () => {
  it("round-trips architecture and params through a JSON file bit for bit, in order, atomically", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-model-"));
    const file = path.join(dir, "sub", "net.json");
    // Values that float64 text would not hold exactly unless stored as the float32 they are.
    const params = initParams(ARCH, { seed: 9, biasValue: 0.1 });
    await assertNoLeaks(() => {
      saveModel(ARCH, params, file);
      const back = loadModel(file);
      assert.deepEqual(back.arch, ARCH);
      assertSameParams(back.params, params);
      disposeParams(back.params);
    });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["net.json"], "no temporary file left");
    disposeParams(params);
    fs.rmSync(dir, { recursive: true });
  });

  it("round-trips through JSON text (modelToJson, JSON.stringify, parse, modelFromJson) exactly", async () => {
    const arch = mlp([3, 7, 2], { activation: "tanh" });
    const params = initParams(arch, { seed: 4, init: "heUniform", biasValue: -1 / 3 });
    await assertNoLeaks(() => {
      const json = modelToJson(arch, params);
      assert.equal(json.format, "gaugelab-model/1");
      assert.deepEqual(json.arch, arch);
      const back = modelFromJson(JSON.parse(JSON.stringify(json)) as ModelJson);
      assert.deepEqual(back.arch, arch);
      assertSameParams(back.params, params);
      disposeParams(back.params);
    });
    disposeParams(params);
  });

  it("rejects foreign JSON, inconsistent shapes and missing files with clear messages, leaking nothing", async () => {
    await assertNoLeaks(() => {
      assert.throws(() => modelFromJson({ format: "keras" } as unknown as ModelJson), {
        message: 'not a gaugelab model (format "keras", expected "gaugelab-model/1")',
      });
      assert.throws(
        () => modelFromJson({ format: "gaugelab-params/1", params: {} } as unknown as ModelJson),
        /^Error: not a gaugelab model \(format "gaugelab-params\/1", expected "gaugelab-model\/1"\)$/,
      );
      const bad = {
        format: "gaugelab-model/1",
        arch: mlp([2, 2]),
        params: { "dense0/kernel": { shape: [2, 2], values: [1, 2, 3] } },
      } as const;
      assert.throws(() => modelFromJson(bad), {
        message: "model JSON: dense0/kernel is [2,2] but holds 3 values",
      });
      assert.throws(() => loadModel("/nonexistent/net.json"), {
        message: "no saved model at /nonexistent/net.json",
      });
    });
  });

  it("detects params that do not fit the stored architecture (and frees what it built)", async () => {
    const arch = mlp([5, 4, 3]);
    const params = initParams(arch, { seed: 1 });
    const json = modelToJson(arch, params);
    await assertNoLeaks(() => {
      const wider = { ...json, arch: mlp([5, 6, 3]) };
      assert.throws(() => modelFromJson(wider), {
        message: "model JSON: dense0/kernel is [5,4] but the architecture makes it [5,6]",
      });
      const { "dense1/bias": _dropped, ...missing } = json.params;
      assert.throws(() => modelFromJson({ ...json, params: missing }), {
        message: "model JSON: params have no dense1/bias [3]",
      });
      const extra = { ...json.params, "dense2/kernel": { shape: [1], values: [0] } };
      assert.throws(() => modelFromJson({ ...json, params: extra }), {
        message:
          "model JSON: params have dense2/kernel, which the architecture does not " +
          "(it has dense0/kernel, dense0/bias, dense1/kernel, dense1/bias)",
      });
      assert.throws(
        () => modelToJson(mlp([5, 3]), params),
        /^Error: modelToJson: params have dense1\/kernel/,
      );
      assert.throws(() => saveModel(mlp([5, 4, 4]), params, path.join(os.tmpdir(), "never.json")), {
        message: "modelToJson: dense1/kernel is [4,3] but the architecture makes it [4,4]",
      });
    });
    assert.equal(fs.existsSync(path.join(os.tmpdir(), "never.json")), false, "nothing written on error");
    disposeParams(params);
  });

  it("names the file when a saved model is not JSON, cut short, foreign, malformed or misfit, leaking nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-model-bad-"));
    const arch = mlp([2, 3]);
    const params = initParams(arch, { seed: 1 });
    const good = JSON.stringify(modelToJson(arch, params));
    disposeParams(params);
    const withParams = (p: unknown) => JSON.stringify({ format: "gaugelab-model/1", arch, params: p });
    const cases: [string, string, string | RegExp][] = [
      [
        "empty.json",
        "",
        /: not valid JSON \(Unexpected end of JSON input\); the file is cut short or is not a model written by saveModel$/,
      ],
      [
        "cut.json",
        good.slice(0, good.length / 2),
        /: not valid JSON \(.+\); the file is cut short or is not a model written by saveModel$/,
      ],
      ["text.json", "hello", /: not valid JSON \(.+\); the file is cut short/],
      [
        "keras.json",
        '{"format":"keras"}',
        ': not a gaugelab model (format "keras", expected "gaugelab-model/1")',
      ],
      ["number.json", "42", ': not a gaugelab model (format "undefined", expected "gaugelab-model/1")'],
      [
        "noparams.json",
        JSON.stringify({ format: "gaugelab-model/1", arch }),
        ": it needs an `arch` and a `params` object; was the file cut short?",
      ],
      [
        "entry.json",
        withParams({ "dense0/kernel": [1, 2] }),
        ': params["dense0/kernel"] must be { shape: number[], values: number[] }',
      ],
      [
        "shape.json",
        withParams({ "dense0/kernel": { shape: [2, -3], values: [] } }),
        ": dense0/kernel has shape [2,-3]; dims must be integers ≥ 0",
      ],
      [
        "null.json",
        withParams({ "dense0/kernel": { shape: [1], values: [null] } }),
        ": dense0/kernel value 0 is null, not a finite number",
      ],
      [
        "missing.json",
        withParams({ "dense0/kernel": { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] } }),
        ": params have no dense0/bias [3]",
      ],
      [
        "arch.json",
        JSON.stringify({
          format: "gaugelab-model/1",
          arch: { inDim: 2, layers: [{ kind: "dense", units: 0 }] },
          params: {},
        }),
        /: architecture: layers\[0\]/,
      ],
    ];
    await assertNoLeaks(() => {
      for (const [name, text, fault] of cases) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        assert.throws(
          () => loadModel(file),
          (err: Error) => {
            assert.equal(err.constructor, Error, name);
            if (typeof fault === "string") assert.equal(err.message, `${file}${fault}`);
            else assert.ok(err.message.startsWith(file) && fault.test(err.message), err.message);
            return true;
          },
        );
      }
      assert.throws(() => loadModel(dir), {
        message: new RegExp(`^loadModel: cannot read ${dir}: EISDIR`),
      } as never);
      assert.throws(() => loadModel(7 as unknown as string), {
        message: "loadModel: file must be a non-empty path string; got the number 7",
      });
    });
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses to save NaN or ±Infinity (JSON would turn them into null), naming the param", () => {
    const arch = mlp([1, 2]);
    const params = { "dense0/kernel": tf.tensor2d([[1, NaN]]), "dense0/bias": tf.tensor1d([0, 0]) };
    const file = path.join(os.tmpdir(), `gaugelab-nan-${process.pid}.json`);
    assert.throws(() => saveModel(arch, params, file), {
      message:
        "modelToJson: dense0/kernel holds NaN at index 1; JSON cannot store NaN or ±Infinity (they would load " +
        "back as other numbers), so save finite params",
    });
    assert.equal(fs.existsSync(file), false, "nothing written");
    assert.throws(() => saveModel(arch, params, "" as string), {
      message: 'saveModel: file must be a non-empty path string; got a string ("")',
    });
    disposeParams(params);
  });

  it("writes the float32 values themselves, so the saved text reproduces the tensors", () => {
    const arch = mlp([1, 1]);
    const params = { "dense0/kernel": tf.tensor2d([[0.1]]), "dense0/bias": tf.tensor1d([1e-8]) };
    const json = modelToJson(arch, params);
    assert.deepEqual(json.params["dense0/kernel"], { shape: [1, 1], values: [Math.fround(0.1)] });
    assert.deepEqual(json.params["dense0/bias"].values, [Math.fround(1e-8)]);
    disposeParams(params);
  });
});
