import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/kernel";

const START = path.join(ROOT, "scripts", "start.cjs");

describe("npm start", () => {
  it("without Jupyter, says how to get one and exits non-zero", () => {
    const out = spawnSync(process.execPath, [START], {
      encoding: "utf8",
      env: { ...process.env, PATH: "/nonexistent" },
    });
    assert.equal(out.status, 1);
    assert.match(out.stderr, /no Jupyter found/);
    assert.match(out.stderr, /pip install jupyterlab/);
    assert.match(out.stderr, /apt-get install jupyter-notebook/);
  });

  it("registers the kernel and serves Jupyter with it", async (t) => {
    if (!fs.existsSync("/usr/bin/jupyter-notebook")) {
      t.skip("Debian's jupyter-notebook is not installed");
      return;
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-jupyter-"));
    const port = 20000 + Math.floor((process.pid * 7919) % 20000);
    const token = `t${process.pid}`;
    const child = spawn(
      process.execPath,
      [START, "--no-browser", `--port=${port}`, "--ip=127.0.0.1", `--NotebookApp.token=${token}`],
      { env: { ...process.env, JUPYTER_DATA_DIR: dataDir }, stdio: "pipe", detached: true },
    );
    try {
      let specs: { kernelspecs?: Record<string, { spec: { display_name: string } }> } = {};
      for (let attempt = 0; attempt < 60 && !specs.kernelspecs; attempt++) {
        await new Promise((r) => setTimeout(r, 500));
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`);
          if (res.ok) specs = await res.json();
        } catch {
          // not listening yet
        }
      }
      assert.equal(specs.kernelspecs?.gaugelab?.spec.display_name, "gaugelab (TypeScript)");
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
