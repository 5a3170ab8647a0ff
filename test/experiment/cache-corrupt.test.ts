import { describe, it, mock } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CACHE_FORMAT, cachePath, cached, readCached } from "../../lib/experiment/cache";
import { configKey } from "../../lib/experiment/config-key";
import { type Experiment, isCached, runExperiment } from "../../lib/experiment/experiment";

const CONFIG = { seed: 3 };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-cache-corrupt-"));
}

/** A valid entry's text, written by `cached` itself. */
async function validText(dir: string): Promise<string> {
  await cached("exp", CONFIG, () => ({ value: 1 }), { cacheDir: dir });
  const text = fs.readFileSync(cachePath("exp", CONFIG, dir), "utf8");
  fs.rmSync(cachePath("exp", CONFIG, dir));
  return text;
}

/** Runs `fn` with `console.warn` recorded; returns the messages. */
async function warnings(fn: () => unknown): Promise<string[]> {
  const warn = mock.method(console, "warn", () => {});
  try {
    await fn();
    return warn.mock.calls.map((c) => String(c.arguments[0]));
  } finally {
    warn.mock.restore();
  }
}

/** Bad file contents (from a valid entry's text) and the reason the warning must give. */
const CASES: readonly [string, (valid: string) => string, string | RegExp][] = [
  ["an empty file", () => "", "it is empty"],
  ["a blank file", () => " \n", "it is empty"],
  [
    "a truncated file",
    (valid) => valid.slice(0, valid.length >> 1),
    /^it is not valid JSON \(.+\), perhaps truncated$/,
  ],
  ["bad JSON", () => "{ not json", /^it is not valid JSON \(.+\), perhaps truncated$/],
  ["a JSON array", () => "[1,2]", "it is not a cache entry (not a JSON object)"],
  ["JSON null", () => "null", "it is not a cache entry (not a JSON object)"],
  [
    "an entry of the old format (no tag)",
    () => JSON.stringify({ key: configKey(CONFIG), config: CONFIG, result: { value: 1 } }),
    `it has no format tag (an older gaugelab wrote it), not "${CACHE_FORMAT}"`,
  ],
  [
    "another format tag",
    (valid) => valid.replace(CACHE_FORMAT, "gaugelab-cache/9"),
    `it has format "gaugelab-cache/9", not "${CACHE_FORMAT}"`,
  ],
  [
    "another stored config",
    (valid) => valid.replace('"seed":3', '"seed":4'),
    "its stored config differs from this one (a hash collision or a hand edit)",
  ],
  [
    "no result",
    () => JSON.stringify({ format: CACHE_FORMAT, key: configKey(CONFIG), config: CONFIG }),
    "it has no result",
  ],
  [
    "an unknown encoding",
    () => JSON.stringify({ format: CACHE_FORMAT, config: CONFIG, result: { x: { $gaugelab: "Bogus" } } }),
    'its result does not decode: result.x has an unknown encoding {"$gaugelab":"Bogus"}',
  ],
  [
    "a typed array of a partial element",
    () =>
      JSON.stringify({
        format: CACHE_FORMAT,
        config: CONFIG,
        result: { $gaugelab: "Float32Array", base64: "AAAA" },
      }),
    "its result does not decode: result: 3 bytes is not a whole number of Float32Array elements",
  ],
];

describe("cache: invalid files are misses", () => {
  for (const [what, content, why] of CASES) {
    it(`${what}: not cached, one warning naming the file, then recomputed and overwritten`, async () => {
      const dir = tempDir();
      try {
        const file = cachePath("exp", CONFIG, dir);
        fs.writeFileSync(file, content(await validText(dir)));
        let calls = 0;
        const warned = await warnings(async () => {
          assert.equal(readCached("exp", CONFIG, dir), undefined);
          assert.equal(readCached("exp", CONFIG, dir), undefined, "asked twice");
          const value = await cached("exp", CONFIG, () => ({ value: 2, call: ++calls }), { cacheDir: dir });
          assert.deepEqual(value, { value: 2, call: 1 });
          assert.deepEqual(readCached("exp", CONFIG, dir), { value: 2, call: 1 }, "overwritten");
          await cached("exp", CONFIG, () => ({ value: 3, call: ++calls }), { cacheDir: dir });
        });
        assert.equal(calls, 1, "computed once, then a hit");
        assert.equal(warned.length, 1, `one warning, got ${JSON.stringify(warned)}`);
        const prefix = `gaugelab: ignoring the cache file ${file}: `;
        assert.ok(warned[0].startsWith(prefix) && warned[0].endsWith("; recomputing"), warned[0]);
        const reason = warned[0].slice(prefix.length, -"; recomputing".length);
        if (typeof why === "string") assert.equal(reason, why);
        else assert.match(reason, why);
        assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], "no temporary file left");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("a missing file is a miss without a warning", async () => {
    const dir = tempDir();
    try {
      const warned = await warnings(() => assert.equal(readCached("exp", CONFIG, dir), undefined));
      assert.deepEqual(warned, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a folder in the file's place is reported, and writing over it names the file", async () => {
    const dir = tempDir();
    try {
      const file = cachePath("exp", CONFIG, dir);
      fs.mkdirSync(file);
      const warned = await warnings(async () => {
        await assert.rejects(
          cached("exp", CONFIG, () => 1, { cacheDir: dir }),
          (e: Error) => e.message.startsWith(`gaugelab: cannot write ${file}: `),
        );
      });
      assert.deepEqual(warned, [
        `gaugelab: ignoring the cache file ${file}: it cannot be read (EISDIR); recomputing`,
      ]);
      assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], "no temporary file left");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("isCached", () => {
  const exp: Experiment<{ seed: number }, { value: number }> & { calls: number[] } = {
    name: "toy",
    version: 1,
    calls: [],
    check: () => {},
    steps: () => 1,
    async compute({ seed }) {
      this.calls.push(seed);
      return { value: seed * 10 };
    },
  };

  it("answers no for a corrupt entry, which running the unit recomputes", async () => {
    const dir = tempDir();
    try {
      const unit = { seed: 1 };
      await runExperiment(exp, unit, { cacheDir: dir });
      assert.ok(isCached(exp, unit, dir));
      const file = cachePath("toy", { version: 1, unit }, dir);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").slice(0, 20));
      const warned = await warnings(async () => {
        assert.equal(isCached(exp, unit, dir), false);
        assert.deepEqual(await runExperiment(exp, unit, { cacheDir: dir }), { value: 10 });
      });
      assert.equal(warned.length, 1);
      assert.ok(isCached(exp, unit, dir));
      assert.deepEqual(exp.calls, [1, 1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
