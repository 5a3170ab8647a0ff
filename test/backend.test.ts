import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { forcedBackend, selectBackend } from "../lib/backend";

/** Runs `snippet` in a fresh Node (each backend choice needs a clean tfjs engine). */
function runFresh(snippet: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "-e", snippet], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

const PRINT_SELECTED =
  'require("./lib/backend").selectBackend().then((b) => { const tf = require("@tensorflow/tfjs"); ' +
  "tf.tensor([1, 2]).dataSync(); console.log(`selected=${b} active=${tf.getBackend()}`); }, " +
  "(e) => { console.error(e.message); process.exit(3); });";

describe("backend selection", () => {
  it("reads no forced backend when the variable is unset or blank", () => {
    assert.equal(forcedBackend({}), undefined);
    assert.equal(forcedBackend({ GAUGELAB_BACKEND: "  " }), undefined);
    assert.equal(forcedBackend({ GAUGELAB_BACKEND: "cpu" }), "cpu");
  });

  it("rejects an unknown backend with a message naming the valid ones", async () => {
    assert.throws(
      () => forcedBackend({ GAUGELAB_BACKEND: "webgpu" }),
      /GAUGELAB_BACKEND="webgpu" is not a backend gaugelab knows\. Set it to one of tensorflow, wasm, cpu/,
    );
    await assert.rejects(selectBackend({ GAUGELAB_BACKEND: "gpu" }), /not a backend gaugelab knows/);
    assert.notEqual(tf.getBackend(), "gpu");
  });

  it("picks wasm when no native build is installed, without the tfjs-node banner", () => {
    const out = runFresh(PRINT_SELECTED, {});
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /selected=(tensorflow|wasm) active=(tensorflow|wasm)/);
    assert.doesNotMatch(out.stdout + out.stderr, /node backend/);
  });

  it("forces cpu without the banner", () => {
    const out = runFresh(PRINT_SELECTED, { GAUGELAB_BACKEND: "cpu" });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /selected=cpu active=cpu/);
    assert.doesNotMatch(out.stdout + out.stderr, /Hi, looks like|node backend/);
  });

  it("fails clearly when a forced native backend cannot load", (t) => {
    const pkg = (() => {
      try {
        return (require("@tensorflow/tfjs-node/package.json") as { name: string }).name;
      } catch {
        return undefined;
      }
    })();
    if (pkg === "@tensorflow/tfjs-node") {
      t.skip("a real @tensorflow/tfjs-node is installed here");
      return;
    }
    const out = runFresh(PRINT_SELECTED, { GAUGELAB_BACKEND: "tensorflow" });
    assert.equal(out.status, 3);
    assert.match(
      out.stderr,
      /GAUGELAB_BACKEND=tensorflow was requested but the tensorflow backend could not load/,
    );
    assert.match(out.stderr, /npm install @tensorflow\/tfjs-node@4\.22\.0/);
  });
});
