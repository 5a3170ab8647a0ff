/**
 * The system-package step of `npm start` and `npm test` (scripts/system-packages.cjs), run against stand-in
 * programs on PATH: what it says is missing, the apt-get commands it runs, and the Python it asks.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/kernel";

const SCRIPT = path.join(ROOT, "scripts", "system-packages.cjs");
const FASHION = "/usr/share/datasets/fashion-mnist";

/** A temporary bin folder holding the given shell scripts; removed after `body`. */
function withBin<T>(scripts: Record<string, string>, body: (bin: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-syspkg-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  for (const [name, text] of Object.entries(scripts)) {
    fs.writeFileSync(path.join(bin, name), text.replaceAll("$DIR", dir), { mode: 0o755 });
  }
  try {
    return body(bin, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, bin: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [SCRIPT, command], {
    encoding: "utf8",
    env: { ...process.env, PATH: bin, GAUGELAB_CHROMIUM: "/nonexistent/chromium", ...env },
  });
}

describe("system packages", () => {
  it("without apt-get, lists each missing package with its reason and says how to get them", () => {
    withBin({}, (bin) => {
      const out = run("test", bin);
      assert.equal(out.status, 1);
      assert.match(out.stderr, /`npm test` needs system packages that are missing:/);
      for (const name of ["jupyter-notebook", "jupyter-client", "chromium", "python3-nbclient"]) {
        assert.match(out.stderr, new RegExp(`^  ${name} +\\S`, "m"), name);
      }
      assert.match(out.stderr, /python3-jupyter-kernel-test +Jupyter's kernel conformance suite/);
      assert.match(out.stderr, /no apt-get: .*pip install notebook nbclient/s);
    });
  });

  it("`npm start` does not ask for the test-only packages", () => {
    withBin({}, (bin) => {
      const out = run("start", bin);
      assert.equal(out.status, 1);
      assert.doesNotMatch(out.stderr, /^ {2}python3-(nbclient|jupyter-kernel-test) /m);
    });
  });

  it("as root with apt-get, says what it installs, then runs apt-get update and install with those packages", (t) => {
    if (!(process.getuid && process.getuid() === 0)) return t.skip("needs root (no sudo stand-in)");
    const fakeApt = '#!/bin/sh\necho "apt-get $*" >> "$DIR/calls"\n';
    withBin({ "apt-get": fakeApt }, (bin, dir) => {
      const out = run("start", bin);
      const calls = fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n");
      assert.match(
        out.stdout,
        /^gaugelab: `npm start` needs these system packages; installing them with apt-get:/,
      );
      assert.equal(calls[0], "apt-get update -qq");
      assert.match(calls[1], /^apt-get install -y jupyter-notebook jupyter-client chromium/);
      // the stand-in installed nothing, so the check afterwards fails and says what is still missing
      assert.equal(out.status, 1);
      assert.match(out.stderr, /still missing after apt-get: jupyter-notebook, jupyter-client, chromium/);
    });
  });

  it("asks the Python named on the `jupyter` script's #! line, and is silent when nothing is missing", (t) => {
    if (!fs.existsSync(FASHION)) return t.skip(`${FASHION} is not installed`);
    const python = '#!/bin/sh\necho "$*" >> "$DIR/imports"\nexit 0\n';
    const scripts = {
      "venv-python3": python,
      jupyter: "#!$DIR/bin/venv-python3\n",
      "jupyter-notebook": "#!/bin/sh\n",
      "jupyter-kernelspec": "#!/bin/sh\n",
    };
    withBin(scripts, (bin, dir) => {
      const out = run("test", bin, { GAUGELAB_CHROMIUM: process.execPath });
      assert.equal(out.status, 0, out.stderr);
      assert.equal(out.stdout + out.stderr, "");
      const imports = fs.readFileSync(path.join(dir, "imports"), "utf8");
      assert.match(imports, /-c import nbclient/);
      assert.match(imports, /-c import jupyter_kernel_test/);
    });
  });
});
