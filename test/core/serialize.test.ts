import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initMlp } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import {
  loadParams,
  paramsFromJson,
  paramsToJson,
  saveParams,
  type ParamsJson,
} from "../../lib/core/serialize";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("serialize", () => {
  it("round-trips params through a JSON file bit for bit, in order, atomically", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-params-"));
    const file = path.join(dir, "sub", "net.json");
    const params = initMlp([5, 4, 3], { seed: 9, biasValue: 0.1 });
    await assertNoLeaks(() => {
      saveParams(params, file);
      const back = loadParams(file);
      assert.deepEqual(Object.keys(back), Object.keys(params));
      for (const name of Object.keys(params)) {
        assert.deepEqual(back[name].shape, params[name].shape);
        assert.deepEqual(back[name].dataSync(), params[name].dataSync());
      }
      disposeParams(back);
    });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["net.json"], "no temporary file left");
    disposeParams(params);
    fs.rmSync(dir, { recursive: true });
  });

  it("rejects foreign JSON, inconsistent shapes and missing files with clear messages", () => {
    assert.throws(
      () => paramsFromJson({ format: "keras" } as unknown as ParamsJson),
      /not gaugelab params JSON \(format "keras"/,
    );
    const bad = { format: "gaugelab-params/1", params: { w: { shape: [2, 2], values: [1, 2, 3] } } } as const;
    assert.throws(() => paramsFromJson(bad), /params JSON: w is \[2,2\] but holds 3 values/);
    assert.throws(() => loadParams("/nonexistent/net.json"), /no saved params at \/nonexistent\/net.json/);
    const params = initMlp([2, 2], { seed: 1 });
    assert.equal(paramsToJson(params).format, "gaugelab-params/1");
    disposeParams(params);
  });
});
