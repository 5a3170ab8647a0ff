import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { cachePath, cached, readCached } from "../../lib/experiment/cache";
import { canonicalJson, configKey } from "../../lib/experiment/config-key";
import { useBackend } from "../helpers/tf";

useBackend();

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-cache-values-"));
}

/** Caches `value`, then reads it back from disk. */
async function roundTrip(value: unknown): Promise<unknown> {
  const dir = tempDir();
  try {
    await cached("exp", { seed: 0 }, () => value, { cacheDir: dir });
    return readCached("exp", { seed: 0 }, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("cache: values round-trip exactly", () => {
  it("NaN, ±Infinity and -0, at the top and nested", async () => {
    for (const v of [NaN, Infinity, -Infinity, -0, 0, 1e-310, Number.MAX_VALUE]) {
      assert.ok(Object.is(await roundTrip(v), v), `${Object.is(v, -0) ? "-0" : v}`);
    }
    const value = { loss: NaN, curve: [1, NaN, Infinity, -Infinity, -0], nested: { best: -Infinity } };
    assert.deepStrictEqual(await roundTrip(value), value);
  });

  it("typed arrays of every kind, views into larger buffers, empty ones, with NaN and -0 inside", async () => {
    const floats = new Float32Array([0.1, NaN, -0, Infinity, -Infinity, 3.4e38, 1e-45]);
    const value = {
      f32: floats,
      f64: new Float64Array([0.1, NaN, -0, Number.MIN_VALUE]),
      i8: new Int8Array([-128, 0, 127]),
      i16: new Int16Array([-32768, 1, 32767]),
      i32: new Int32Array([-2147483648, 2147483647, 0]),
      u8: new Uint8Array([0, 1, 255]),
      u8c: new Uint8ClampedArray([0, 128, 255]),
      u16: new Uint16Array([0, 65535]),
      u32: new Uint32Array([0, 4294967295]),
      view: new Float32Array(floats.buffer, 4, 3),
      empty: new Float64Array(0),
      list: [new Int32Array([7]), new Uint8Array(0)],
    };
    const back = (await roundTrip(value)) as typeof value;
    assert.deepStrictEqual(back, value);
    assert.ok(back.f32 instanceof Float32Array && back.view instanceof Float32Array);
    assert.ok(Object.is(back.f64[2], -0));
    assert.equal(back.view.length, 3);
  });

  it("plain JSON stays plain JSON, strings that look like tags included", async () => {
    const value = {
      s: '{"$gaugelab":"NaN"}',
      tag: "NaN",
      rows: [{ a: null, b: true }, [], {}],
      ["__proto__"]: 1,
    };
    const parsed = JSON.parse('{"s":"x","__proto__":{"polluted":true}}');
    assert.deepStrictEqual(await roundTrip(value), value);
    const back = (await roundTrip(parsed)) as Record<string, unknown>;
    assert.deepStrictEqual(back, parsed);
    assert.equal(Object.getPrototypeOf(back), Object.prototype, "__proto__ stays an own key");
  });

  it("drops undefined properties, as JSON does", async () => {
    assert.deepStrictEqual(await roundTrip({ a: undefined, b: 1 }), { b: 1 });
  });

  it("writes NaN as a tag, never as null", async () => {
    const dir = tempDir();
    try {
      await cached("exp", { seed: 0 }, () => [NaN], { cacheDir: dir });
      const entry = JSON.parse(fs.readFileSync(cachePath("exp", { seed: 0 }, dir), "utf8"));
      assert.deepEqual(entry.result, [{ $gaugelab: "NaN" }]);
      assert.equal(entry.format, "gaugelab-cache/2");
      assert.equal(entry.key, configKey({ seed: 0 }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("cache: values it cannot hold are rejected when written, naming the path", () => {
  class Point {
    constructor(readonly x: number) {}
  }
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = { back: cycle };
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const CASES: readonly [string, () => unknown, string][] = [
    ["a function", () => ({ rounds: [0, 1, 2, { curve: () => 1 }] }), "result.rounds[3].curve is a function"],
    ["undefined in an array", () => ({ a: [1, undefined] }), "result.a[1] is undefined"],
    ["an undefined result", () => undefined, "result is undefined"],
    ["a hole in an array", () => ({ a: sparse }), "result.a[1] is a hole in a sparse array"],
    ["a BigInt", () => ({ n: 1n }), "result.n is a bigint"],
    ["a symbol", () => [Symbol("s")], "result[0] is a symbol"],
    ["a Map", () => ({ m: new Map() }), "result.m is a Map"],
    ["a Date", () => ({ when: new Date(0) }), "result.when is a Date"],
    ["a class instance", () => ({ "a b": new Point(1) }), 'result["a b"] is a Point'],
    ["a BigInt64Array", () => ({ big: new BigInt64Array(1) }), "result.big is a BigInt64Array"],
    ["a DataView", () => ({ dv: new DataView(new ArrayBuffer(4)) }), "result.dv is a DataView"],
  ];
  for (const [what, make, message] of CASES) {
    it(what, async () => {
      const dir = tempDir();
      try {
        const file = cachePath("exp", { seed: 0 }, dir);
        await assert.rejects(cached("exp", { seed: 0 }, make, { cacheDir: dir }), (e: Error) => {
          assert.ok(
            e.message.startsWith(`gaugelab: cannot cache the result of "exp" in ${file}: ${message}; `),
            e.message,
          );
          return true;
        });
        assert.deepEqual(fs.readdirSync(dir), [], "nothing written");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("gives the whole message for a tensor, with the fix", async () => {
    const t = tf.tensor1d([1, 2]);
    const dir = tempDir();
    try {
      await assert.rejects(
        cached("exp", { seed: 0 }, () => ({ w: t }), { cacheDir: dir }),
        {
          message: new RegExp(
            '^gaugelab: cannot cache the result of "exp" in .+: result\\.w is a Tensor; the cache holds JSON ' +
              "values \\(plain objects, arrays, strings, booleans, null\\), numbers including NaN, ±Infinity and " +
              "-0, and typed arrays: convert it first \\(e\\.g\\. await t\\.array\\(\\)\\)$",
          ),
        },
      );
    } finally {
      t.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a cycle, and the reserved tag key", async () => {
    const dir = tempDir();
    try {
      await assert.rejects(
        cached("exp", { seed: 0 }, () => cycle, { cacheDir: dir }),
        {
          message: /: result\.self\.back refers back to an object that contains it \(a cycle\)$/,
        },
      );
      await assert.rejects(
        cached("exp", { seed: 0 }, () => ({ x: { $gaugelab: "NaN" } }), { cacheDir: dir }),
        {
          message: /: result\.x\.\$gaugelab: the key "\$gaugelab" is reserved by the cache; rename it$/,
        },
      );
      const shared = [1];
      assert.deepStrictEqual(
        await roundTrip({ a: shared, b: shared }),
        { a: [1], b: [1] },
        "shared, no cycle",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("config keys are unchanged by the new entry format", () => {
  it("gives the keys it gave before", () => {
    assert.equal(configKey({ version: 1, unit: { config: { scale: 3 }, seed: 2 } }), "0194b302c367a105");
    assert.equal(configKey({ a: [1, "x", null, true, { b: 0.1 }] }), "54f64fb80e361fb8");
    assert.equal(canonicalJson({ b: [2, 1], a: "x" }), '{"a":"x","b":[2,1]}');
  });
});
