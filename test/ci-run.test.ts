import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/kernel";

/**
 * Runs .ci/run with only stand-in programs on PATH: a `node` that reports `nodeVersion` and, if `withNpm`, an
 * `npm`. Nothing else is reachable, so the script stops at its first real step whatever happens.
 */
function ciRunWith(nodeVersion: string, withNpm: boolean) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-ci-bin-"));
  try {
    fs.writeFileSync(path.join(bin, "node"), `#!/bin/sh\necho ${nodeVersion}\n`, { mode: 0o755 });
    if (withNpm) fs.writeFileSync(path.join(bin, "npm"), "#!/bin/sh\n", { mode: 0o755 });
    return spawnSync("/bin/bash", [path.join(ROOT, ".ci", "run")], { encoding: "utf8", env: { PATH: bin } });
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

const NEEDS_NODE =
  /^\.ci\/run: needs Node >= 20 and npm on PATH \(found node \S+, npm \S+\); install Node 20/;

describe(".ci/run", () => {
  it("stops in one line when Node is older than 20", () => {
    const out = ciRunWith("v18.19.0", true);
    assert.equal(out.status, 1);
    assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
    assert.match(out.stderr, NEEDS_NODE);
    assert.match(out.stderr, /found node v18\.19\.0/);
  });

  it("stops in one line when npm is missing", () => {
    const out = ciRunWith("v20.20.2", false);
    assert.equal(out.status, 1);
    assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
    assert.match(out.stderr, /found node v20\.20\.2, npm none\)/);
  });

  it("goes on with Node 20 or later and npm", () => {
    const out = ciRunWith("v22.1.0", true);
    assert.doesNotMatch(out.stderr, NEEDS_NODE);
  });
});
