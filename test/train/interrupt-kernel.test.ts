import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, hasJupyterClient, registerKernelInTempDir } from "../helpers/kernel";

// Drives a real gaugelab kernel: a training cell is interrupted the way Jupyter's stop button does it
// (SIGINT to the kernel), then the next cell takes the result with takeInterrupted(). Guards against the
// kernel dying on SIGINT and against stranded or leaked params.
const DRIVER = String.raw`
import json, sys, time
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="gaugelab", cwd=sys.argv[1], startup_timeout=120)
def run(source, interrupt_after=None):
    msg_id = kc.execute(source); t0 = time.time(); sent = False; text = ""
    while True:
        if interrupt_after is not None and not sent and time.time() - t0 > interrupt_after:
            km.interrupt_kernel(); sent = True
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Exception:
            if not km.is_alive() or time.time() - t0 > 60: return {"status": "dead", "text": text}
            continue
        if msg["parent_header"].get("msg_id") != msg_id: continue
        if msg["msg_type"] == "stream": text += msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle": break
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id: reply = kc.get_shell_msg(timeout=60)
    return {"status": reply["content"]["status"], "text": text}
out = []
try:
    out.append(run(sys.argv[2]))
    out.append(run(sys.argv[3], interrupt_after=2.0))
    time.sleep(0.5)
    out.append(run(sys.argv[4]))
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
print(json.dumps(out))
`;

const SETUP = `import * as tf from "@tensorflow/tfjs";
import { mlp } from "./lib/core/architecture";
import { initParams } from "./lib/core/init";
import { takeInterrupted } from "./lib/train/interrupted-run";
import { disposeParams } from "./lib/core/params";
import { train } from "./lib/train/train";
import { twoMoons } from "./lib/data/synthetic-2d";
const data = { train: twoMoons({ n: 2000, seed: 0 }) };
const arch = mlp([2, 256, 256, 2]);
const p0 = initParams(arch, { seed: 0 });
const tensorsBefore = tf.memory().numTensors;
console.log("ready");`;
// The code after the await must never run: tslab has failed the cell, and train keeps the result instead.
const TRAIN = `const r = await train(arch, p0, data, { optimizer: { kind: "sgd", lr: 0.05 }, seed: 0, numSteps: 1000000 });
disposeParams(r.params);`;
const CHECK = `const run = takeInterrupted();
const alive = Object.values(run.params).every((t) => !t.isDisposed);
disposeParams(run.params);
const leaked = tf.memory().numTensors - tensorsBefore;
console.log(JSON.stringify({ interrupted: run.interrupted, numSteps: run.numSteps, alive: alive, leaked: leaked }));`;

describe("train in a real kernel", () => {
  it("stops at the stop button, keeps what was trained for takeInterrupted(), leaks nothing, and the kernel stays usable", (t) => {
    if (!hasJupyterClient()) {
      t.skip("needs Debian's python3-jupyter-client");
      return;
    }
    const dataDir = registerKernelInTempDir();
    try {
      const out = spawnSync(
        "/usr/bin/python3",
        ["-c", DRIVER, path.join(ROOT, "notebooks"), SETUP, TRAIN, CHECK],
        {
          env: { ...process.env, JUPYTER_DATA_DIR: dataDir },
          encoding: "utf8",
          timeout: 180_000,
        },
      );
      assert.equal(out.status, 0, out.stderr);
      const [setup, interrupted, check] = JSON.parse(out.stdout.trim().split("\n").pop() ?? "[]") as {
        status: string;
        text: string;
      }[];
      assert.equal(setup.status, "ok", setup.text);
      assert.equal(interrupted.status, "error", "tslab rejects the interrupted cell");
      assert.equal(check.status, "ok", `the kernel died or failed: ${check.status} ${check.text}`);
      const result = JSON.parse(check.text.trim().split("\n").pop() ?? "") as {
        interrupted: boolean;
        numSteps: number;
        alive: boolean;
        leaked: number;
      };
      assert.equal(result.interrupted, true);
      assert.ok(result.numSteps > 0 && result.numSteps < 1_000_000, `numSteps ${result.numSteps}`);
      assert.equal(result.alive, true, "the interrupted cell's code after the await must not run");
      assert.equal(result.leaked, 0, "tensors leaked");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
