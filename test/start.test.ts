import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/kernel";

const START = path.join(ROOT, "scripts", "start.cjs");

/**
 * Runs `npm start` with stand-in `jupyter-lab`, `jupyter-notebook` and `jupyter-kernelspec` scripts as the only
 * programs on PATH, and temporary Jupyter data and config dirs.
 *
 * @returns the finished process, the arguments the stand-in Jupyter got (undefined if it never ran) and
 *   whether the kernel was registered.
 */
function startWithFakeJupyter(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-start-"));
  const bin = path.join(dir, "bin");
  const launched = path.join(dir, "launched");
  fs.mkdirSync(bin);
  for (const name of ["jupyter-lab", "jupyter-notebook", "jupyter-kernelspec"]) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "$@" > "${launched}"\n`, { mode: 0o755 });
  }
  try {
    const out = spawnSync(process.execPath, [START], {
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: bin,
        JUPYTER_DATA_DIR: path.join(dir, "data"),
        JUPYTER_CONFIG_DIR: path.join(dir, "config"),
        GAUGELAB_CHROMIUM: process.execPath, // any file that exists: the stand-in for an installed Chromium
        ...env,
      },
    });
    return {
      out,
      jupyterArgs: fs.existsSync(launched) ? fs.readFileSync(launched, "utf8").trim() : undefined,
      registered: fs.existsSync(path.join(dir, "data", "kernels", "gaugelab", "kernel.json")),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm start", () => {
  it("without Jupyter and without apt-get, names what is missing and how to get it, and exits non-zero", () => {
    const out = spawnSync(process.execPath, [START], {
      encoding: "utf8",
      env: { ...process.env, PATH: "/nonexistent" },
    });
    assert.equal(out.status, 1);
    assert.match(out.stderr, /`npm start` needs system packages that are missing:/);
    assert.match(out.stderr, /jupyter-notebook +classic Jupyter Notebook 6/);
    assert.match(out.stderr, /no apt-get.*pip install notebook/s);
  });

  it("refuses an unknown GAUGELAB_BACKEND with the lib's message, before starting Jupyter", () => {
    const { out, jupyterArgs, registered } = startWithFakeJupyter({ GAUGELAB_BACKEND: "webgpu" });
    assert.equal(out.status, 1);
    assert.equal(
      out.stderr.trim(),
      'gaugelab: GAUGELAB_BACKEND="webgpu" is not a backend gaugelab knows. Set it to one of tensorflow, wasm, ' +
        "cpu, or unset it to pick the fastest one available.",
    );
    assert.equal(jupyterArgs, undefined);
    assert.equal(registered, false);
  });

  it("starts Jupyter on notebooks/ when GAUGELAB_BACKEND names a known backend", () => {
    const { out, jupyterArgs, registered } = startWithFakeJupyter({ GAUGELAB_BACKEND: "cpu" });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(jupyterArgs?.split(" ")[0], `--notebook-dir=${path.join(ROOT, "notebooks")}`);
    assert.equal(registered, true);
  });

  it("with GAUGELAB_BACKEND set but no dependencies installed, says to run npm install", () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-bare-"));
    try {
      fs.cpSync(path.join(ROOT, "scripts"), path.join(checkout, "scripts"), { recursive: true });
      const out = spawnSync(process.execPath, [path.join(checkout, "scripts", "start.cjs")], {
        encoding: "utf8",
        env: { ...process.env, GAUGELAB_BACKEND: "cpu" },
      });
      assert.equal(out.status, 1);
      assert.equal(
        out.stderr.trim(),
        `gaugelab: the dependencies are not installed. Run \`npm install\` in ${checkout}, then \`npm start\` again.`,
      );
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  it("registers the kernel and serves Jupyter with it, without Python's frozen-modules warning", async (t) => {
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
      {
        env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_CONFIG_DIR: path.join(dataDir, "config") },
        stdio: "pipe",
        detached: true,
      },
    );
    let log = "";
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk) => (log += chunk));
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
      // Listing the python3 kernel loads ipykernel's debugger, and with it pydevd's warning on Python 3.11.
      assert.doesNotMatch(log, /Debugger warning|frozen modules/);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
