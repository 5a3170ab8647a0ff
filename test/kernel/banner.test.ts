import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { runFreshNode } from "../helpers/fresh-node";

/** Loads lib/kernel-banner twice, as two separate module copies (as tslab can), and announces from each. */
const ANNOUNCE_FROM_TWO_COPIES =
  'const file = require.resolve("./lib/kernel/banner"); require(file).announceBackendOnce(); ' +
  "delete require.cache[file]; require(file).announceBackendOnce();";

describe("announceBackendOnce", () => {
  it("prints the backend once per kernel, even from two copies of the module", () => {
    const out = runFreshNode(ANNOUNCE_FROM_TWO_COPIES, { GAUGELAB_KERNEL: "1" });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^gaugelab: tfjs 4\.22\.0, backend "\w+"\n$/);
  });

  it("stays silent outside the gaugelab kernel", () => {
    const out = runFreshNode(ANNOUNCE_FROM_TWO_COPIES, { GAUGELAB_KERNEL: "" });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, "");
  });

  it("stays silent in a pool worker thread, which inherits the kernel's environment", () => {
    const inWorker =
      'const { Worker } = require("worker_threads"); const file = require.resolve("./lib/kernel/banner"); ' +
      'const w = new Worker(`require("tsx/cjs/api").register(); require(${JSON.stringify(file)}).announceBackendOnce();`, ' +
      '{ eval: true }); w.on("exit", (code) => process.exit(code));';
    const out = runFreshNode(inWorker, { GAUGELAB_KERNEL: "1" });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, "");
  });
});
