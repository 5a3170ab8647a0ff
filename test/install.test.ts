import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./helpers/kernel";

/** One package entry of a lockfile v3 (`packages`), with the fields that say where it came from. */
interface LockedPackage {
  version?: string;
  integrity?: string;
  resolved?: string;
}

/** A plain registry version such as `1.2.3` or `1.2.3-rc.1`; git, http and file specs are not. */
const PLAIN_SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A tarball on the npm registry, e.g. `https://registry.npmjs.org/@scope/name/-/name-1.2.3.tgz`. */
const NPM_TARBALL = /^https:\/\/registry\.npmjs\.org\/(@[^/]+\/)?[^/]+\/-\/[^/]+\.tgz$/;

/** The entries of a lockfile's `packages` that are not registry tarballs, each with the reason. */
function nonRegistryPackages(packages: Record<string, LockedPackage>): string[] {
  const problems: string[] = [];
  for (const [where, pkg] of Object.entries(packages)) {
    if (where === "") continue; // the project itself
    if (!pkg.integrity) problems.push(`${where}: no integrity`);
    if (!PLAIN_SEMVER.test(pkg.version ?? ""))
      problems.push(`${where}: version ${pkg.version} is not plain semver`);
    if (pkg.resolved !== undefined && !NPM_TARBALL.test(pkg.resolved)) {
      problems.push(`${where}: resolved from ${pkg.resolved}`);
    }
  }
  return problems;
}

describe("install", () => {
  it("has exactly one @tensorflow/tfjs-core, shared by danfojs-node and the lib", () => {
    const out = spawnSync("npm", ["ls", "@tensorflow/tfjs-core", "--all", "--parseable"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const copies = new Set(out.stdout.split("\n").filter((line) => line.trim() !== ""));
    assert.deepEqual([...copies], [path.join(ROOT, "node_modules", "@tensorflow", "tfjs-core")]);
  });

  it("pins tslab exactly", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(manifest.dependencies.tslab, "1.0.22");
  });

  it("locks every package to a registry version with an integrity hash (no CDN, git or file sources)", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    assert.deepEqual(nonRegistryPackages(lock.packages), []);
  });

  it("flags git, file and CDN sources and missing integrity in a lockfile", () => {
    const sha = "sha512-x";
    const problems = nonRegistryPackages({
      "": { version: "0.1.0" },
      "node_modules/ok": {
        version: "1.0.0-rc.1",
        integrity: sha,
        resolved: "https://registry.npmjs.org/ok/-/ok-1.0.0-rc.1.tgz",
      },
      "node_modules/from-git": { version: "git+https://github.com/a/b.git#abc", integrity: sha },
      "node_modules/from-file": { version: "file:../b" },
      "node_modules/xlsx": {
        version: "0.20.3",
        integrity: sha,
        resolved: "https://cdn.sheetjs.com/xlsx-0.20.3.tgz",
      },
    });
    assert.deepEqual(problems, [
      "node_modules/from-git: version git+https://github.com/a/b.git#abc is not plain semver",
      "node_modules/from-file: no integrity",
      "node_modules/from-file: version file:../b is not plain semver",
      "node_modules/xlsx: resolved from https://cdn.sheetjs.com/xlsx-0.20.3.tgz",
    ]);
  });
});
