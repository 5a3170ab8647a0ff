import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { forcedBackend, selectBackend } from "../../lib/core/backend";
import { runFreshNode } from "../helpers/fresh-node";

const HIDE_FAST_BACKENDS = path.join(__dirname, "..", "helpers", "hide-fast-backends.cjs");

const PRINT_SELECTED =
  'require("./lib/core/backend").selectBackend().then((b) => { const tf = require("@tensorflow/tfjs"); ' +
  "tf.tensor([1, 2]).dataSync(); console.log(`selected=${b} active=${tf.getBackend()}`); }, " +
  "(e) => { console.error(e.message); process.exit(3); });";

/** The cpu backend's banner: "Hi, looks like you are running TensorFlow.js ... install our node backend". */
const CPU_BANNER = /Hi, looks like|node backend/;

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
  });

  it("picks wasm when no native build is installed, without the tfjs-node banner", () => {
    const out = runFreshNode(PRINT_SELECTED);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /selected=(tensorflow|wasm) active=(tensorflow|wasm)/);
    assert.doesNotMatch(out.stdout + out.stderr, CPU_BANNER);
  });

  it("forces wasm", () => {
    const out = runFreshNode(PRINT_SELECTED, { GAUGELAB_BACKEND: "wasm" });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /selected=wasm active=wasm/);
    assert.doesNotMatch(out.stdout + out.stderr, CPU_BANNER);
  });

  it("forces cpu without the banner", () => {
    const out = runFreshNode(PRINT_SELECTED, { GAUGELAB_BACKEND: "cpu" });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /selected=cpu active=cpu/);
    assert.doesNotMatch(out.stdout + out.stderr, CPU_BANNER);
  });

  it("falls back to cpu, without the banner, when neither native nor wasm can load", () => {
    const out = runFreshNode(PRINT_SELECTED, {}, ["-r", HIDE_FAST_BACKENDS]);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /selected=cpu active=cpu/);
    assert.doesNotMatch(out.stdout + out.stderr, CPU_BANNER);
  });

  it("keeps the banner away from tensors made before a backend is chosen (tfjs's default, cpu)", () => {
    const out = runFreshNode(
      'require("./lib/core/backend"); const tf = require("@tensorflow/tfjs"); ' +
        "tf.tensor([1, 2]).dataSync(); console.log(`active=${tf.getBackend()}`);",
    );
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), "active=cpu");
    assert.doesNotMatch(out.stdout + out.stderr, CPU_BANNER);
  });

  it("fails clearly when a forced wasm backend cannot load", () => {
    const out = runFreshNode(PRINT_SELECTED, { GAUGELAB_BACKEND: "wasm" }, ["-r", HIDE_FAST_BACKENDS]);
    assert.equal(out.status, 3);
    assert.match(out.stderr, /GAUGELAB_BACKEND=wasm was requested but the wasm backend could not load/);
    assert.match(out.stderr, /run `npm install` so @tensorflow\/tfjs-backend-wasm is present/);
  });

  it("fails clearly when a forced native backend cannot load", () => {
    const out = runFreshNode(PRINT_SELECTED, { GAUGELAB_BACKEND: "tensorflow" }, ["-r", HIDE_FAST_BACKENDS]);
    assert.equal(out.status, 3);
    assert.match(
      out.stderr,
      /GAUGELAB_BACKEND=tensorflow was requested but the tensorflow backend could not load/,
    );
    assert.match(out.stderr, /npm install @tensorflow\/tfjs-node@4\.22\.0/);
  });
});
