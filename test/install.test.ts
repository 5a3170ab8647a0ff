import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./helpers/kernel";

describe("install", () => {
  it("has exactly one @tensorflow/tfjs-core, shared by danfojs-node and the lib", () => {
    const out = spawnSync("npm", ["ls", "@tensorflow/tfjs-core", "--all", "--parseable"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const copies = new Set(out.stdout.split("\n").filter((line) => line.trim() !== ""));
    assert.deepEqual([...copies], [path.join(ROOT, "node_modules", "@tensorflow", "tfjs-core")]);
  });

  it("pins tslab exactly and resolves every package to a registry tarball (no CDN or git sources)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(manifest.dependencies.tslab, "1.0.22");
    const lock = fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8");
    const sources = [...lock.matchAll(/"resolved": "([^"]+)"/g)].map((m) => m[1]);
    const registryTarball = /^https:\/\/[^/]+\/(@[^/]+\/)?[^/]+\/-\/[^/]+\.tgz$/;
    assert.deepEqual(
      sources.filter((url) => !registryTarball.test(url)),
      [],
    );
  });
});
