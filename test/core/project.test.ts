import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { projectPath } from "../../lib/core/project";
import { runFreshNode } from "../helpers/fresh-node";
import { ROOT } from "../helpers/kernel";

describe("projectPath", () => {
  it("resolves against the checkout that holds lib/", () => {
    assert.equal(projectPath("data", "x.json"), path.join(ROOT, "data", "x.json"));
    assert.equal(projectPath(), ROOT);
  });

  it("ignores another gaugelab checkout in the working folder", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-other-"));
    try {
      fs.writeFileSync(path.join(other, "package.json"), '{ "name": "gaugelab" }');
      const out = runFreshNode(
        `const { projectPath } = require("./lib/core/project"); process.chdir(${JSON.stringify(other)}); ` +
          'console.log(projectPath("data"));',
      );
      assert.equal(out.status, 0, out.stderr);
      assert.equal(out.stdout.trim(), path.join(ROOT, "data"));
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
