import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  Rng,
  deriveSeed,
  normalArray,
  normalTensor,
  permutation,
  shuffleInPlace,
  uniformArray,
  uniformTensor,
} from "../../lib/core/rng";
import { assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("rng", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = uniformArray(1000, 42);
    assert.deepEqual(a, uniformArray(1000, 42));
    assert.notDeepEqual(a, uniformArray(1000, 43));
    assert.ok(a.every((x) => x >= 0 && x < 1));
  });

  it("matches a pinned stream, so results stay comparable across versions", () => {
    const rng = new Rng(1);
    const first = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    // Pinned from this implementation: a change here changes every seeded experiment.
    assert.deepEqual(first, PINNED_SEED1);
  });

  it("has uniform and normal moments close to theory (n = 200k)", () => {
    const u = uniformArray(200_000, 7);
    const mean = u.reduce((s, x) => s + x, 0) / u.length;
    const variance = u.reduce((s, x) => s + (x - mean) ** 2, 0) / u.length;
    assert.ok(Math.abs(mean - 0.5) < 0.005, `uniform mean ${mean}`);
    assert.ok(Math.abs(variance - 1 / 12) < 0.002, `uniform variance ${variance}`);
    const z = normalArray(200_000, 7, 2, 3);
    const zMean = z.reduce((s, x) => s + x, 0) / z.length;
    const zVar = z.reduce((s, x) => s + (x - zMean) ** 2, 0) / z.length;
    assert.ok(Math.abs(zMean - 2) < 0.03, `normal mean ${zMean}`);
    assert.ok(Math.abs(zVar - 9) < 0.15, `normal variance ${zVar}`);
  });

  it("draws unbiased integers and valid permutations", () => {
    const rng = new Rng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `counts ${counts}`);
    const perm = permutation(100, 5);
    assert.deepEqual(
      [...perm].sort((x, y) => x - y),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.deepEqual(perm, permutation(100, 5));
    assert.notDeepEqual(perm, permutation(100, 6));
    assert.deepEqual(shuffleInPlace(["a", "b", "c", "d"], 9), shuffleInPlace(["a", "b", "c", "d"], 9));
    assert.throws(() => rng.int(0), /Rng.int: n must be in 1..2\^32; got 0/);
  });

  it("derives distinct, stable child seeds", () => {
    assert.equal(deriveSeed(1, "init"), deriveSeed(1, "init"));
    const seeds = new Set([
      deriveSeed(1, "init"),
      deriveSeed(1, "shuffle"),
      deriveSeed(2, "init"),
      deriveSeed(1, 0),
      deriveSeed(1, 1),
      deriveSeed(1, "0"),
    ]);
    assert.equal(seeds.size, 6);
    assert.ok(Number.isInteger(deriveSeed(-5, "x")) && deriveSeed(-5, "x") >= 0);
    assert.throws(() => deriveSeed(1.5, "x"), /deriveSeed: seed must be a finite integer; got 1.5/);
    assert.throws(() => new Rng(NaN), /Rng: seed must be a finite integer; got NaN/);
  });

  it("builds seeded tensors bit-identical to the arrays, without leaks", async () => {
    await assertNoLeaks(() => {
      const t = normalTensor([3, 4], 11, 0, 2);
      assert.deepEqual(t.shape, [3, 4]);
      assert.deepEqual(t.dataSync(), normalArray(12, 11, 0, 2));
      const u = uniformTensor([5], 11, -1, 1);
      assert.deepEqual(u.dataSync(), uniformArray(5, 11, -1, 1));
      t.dispose();
      u.dispose();
    });
  });

  it("gives the same numbers on the cpu backend as on the default one", () => {
    const snippet =
      'process.env.GAUGELAB_BACKEND="cpu"; require("./lib/core/backend").selectBackend().then(() => {' +
      'const t = require("./lib/core/rng").normalTensor([4], 3); console.log(JSON.stringify(Array.from(t.dataSync()))); });';
    const out = spawnSync(process.execPath, ["--import", "tsx", "-e", snippet], { encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout.trim()), Array.from(normalArray(4, 3)));
  });
});

const PINNED_SEED1 = [2268012705, 3603805765, 2209357406];
