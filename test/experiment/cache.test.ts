import { describe, it, mock } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cachePath, cached, readCached, writeFileAtomic } from "../../lib/experiment/cache";
import { canonicalJson, configKey } from "../../lib/experiment/config-key";

describe("config keys", () => {
  it("are independent of key order and sensitive to every value", () => {
    assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] }), '{"a":[1,{"c":3,"d":2}],"b":1}');
    assert.equal(configKey({ lr: 0.1, seed: 1 }), configKey({ seed: 1, lr: 0.1 }));
    assert.notEqual(configKey({ lr: 0.1, seed: 1 }), configKey({ lr: 0.1, seed: 2 }));
    assert.match(configKey({}), /^[0-9a-f]{16}$/);
  });

  it("refuse values JSON cannot hold", () => {
    assert.throws(() => canonicalJson({ lr: NaN }), /NaN has no JSON form/);
    assert.throws(() => canonicalJson({ f: () => 1 }), /cannot encode a function/);
  });
});

describe("cached", () => {
  it("computes once, then returns the identical result from disk; recompute overwrites", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-cache-"));
    let calls = 0;
    const compute = (c: { seed: number }) => ({ value: c.seed * 2, call: ++calls });
    assert.equal(readCached("exp", { seed: 3 }, dir), undefined);
    const first = await cached("exp", { seed: 3 }, compute, { cacheDir: dir });
    const second = await cached("exp", { seed: 3 }, compute, { cacheDir: dir });
    assert.deepEqual(second, first);
    assert.deepEqual(readCached("exp", { seed: 3 }, dir), first);
    assert.equal(calls, 1);
    const third = await cached("exp", { seed: 3 }, compute, { cacheDir: dir, recompute: true });
    assert.equal(third.call, 2);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(cachePath("exp", { seed: 3 }, dir))]);
    fs.rmSync(dir, { recursive: true });
  });

  it("ignores a file whose stored config differs (a collision or a hand edit), and recomputes it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-cache-"));
    const file = cachePath("exp", { seed: 1 }, dir);
    await cached("exp", { seed: 1 }, () => 1, { cacheDir: dir });
    const entry = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, JSON.stringify({ ...entry, config: { seed: 2 } }));
    const warn = mock.method(console, "warn", () => {});
    try {
      assert.equal(readCached("exp", { seed: 1 }, dir), undefined);
      assert.equal(await cached("exp", { seed: 1 }, () => 2, { cacheDir: dir }), 2);
      assert.equal(readCached("exp", { seed: 1 }, dir), 2);
      assert.deepEqual(
        warn.mock.calls.map((c) => c.arguments[0]),
        [
          `gaugelab: ignoring the cache file ${file}: its stored config differs from this one ` +
            "(a hash collision or a hand edit); recomputing",
        ],
      );
    } finally {
      warn.mock.restore();
    }
    fs.rmSync(dir, { recursive: true });
  });

  it("writes atomically, leaving no temporary files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-cache-"));
    const file = path.join(dir, "sub", "x.json");
    writeFileAtomic(file, "1");
    writeFileAtomic(file, "2");
    assert.equal(fs.readFileSync(file, "utf8"), "2");
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["x.json"]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("cached: bad arguments", () => {
  it("names the option, the name or the folder before computing anything", async () => {
    let calls = 0;
    const compute = () => ++calls;
    await assert.rejects(cached("exp", { seed: 0 }, compute, { recompute: "yes" as unknown as boolean }), {
      message: 'cached "exp": recompute must be a boolean; got a string ("yes")',
    });
    await assert.rejects(cached("exp", { seed: 0 }, compute, { cachedir: "/tmp" } as never), {
      message: /^cached "exp": unknown option "cachedir"; did you mean "cacheDir"\?/,
    });
    await assert.rejects(cached("../up", { seed: 0 }, compute), {
      message:
        'cache: the name must be a file-name prefix of letters, digits, ".", "_" and "-"; got a string ("../up")',
    });
    assert.throws(() => cachePath("exp", {}, ""), {
      message: 'cache: cacheDir must be a folder path (a non-empty string); got a string ("")',
    });
    assert.equal(calls, 0);
  });
});
