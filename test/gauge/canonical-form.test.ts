import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../../lib/core/activations";
import { type Architecture, layerSizes, mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { disposeParams, type Params } from "../../lib/core/params";
import { canonicalGauge, canonicalize } from "../../lib/gauge/canonical-form";
import { gaugeDistance, matchedDistance, naiveDistance } from "../../lib/gauge/gauge-distance";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { permute } from "../../lib/gauge/permute";
import { rescale } from "../../lib/gauge/rescale";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";
import { flatValues, randomMlp, randomX } from "./helpers";

useBackend();

/** A random point on the orbit of `params`: random scales in [0.25, 4] (where allowed), then random perms. */
function randomOrbitPoint(arch: Architecture, params: Params, seed: number): Params {
  const scaled = rescale(arch, params, randomScales(arch, seed, [0.25, 4]));
  const out = permute(arch, scaled, randomPerms(permutationSpec(arch), seed));
  disposeParams(scaled);
  return out;
}

/**
 * The pre-redesign MLP canonical gauge, written out layer by layer over `dense{l}` names: the oracle the
 * spec-driven version must reproduce bit for bit.
 */
function oldCanonicalGauge(sizes: number[], params: Params, tol = 1e-6) {
  const scales: Float64Array[] = [];
  const perms: Record<string, number[]> = {};
  let prevPerm = Array.from({ length: sizes[0] }, (_, i) => i);
  let prevScale = new Float64Array(sizes[0]).fill(1);
  for (let l = 0; l < sizes.length - 2; l++) {
    const [fanIn, width] = [sizes[l], sizes[l + 1]];
    const kernel = params[`dense${l}/kernel`].dataSync();
    const bias = params[`dense${l}/bias`].dataSync();
    const keys: Float64Array[] = [];
    const scale = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      const key = new Float64Array(fanIn + 1);
      for (let k = 0; k < fanIn; k++) key[k] = kernel[prevPerm[k] * width + j] / prevScale[prevPerm[k]];
      key[fanIn] = bias[j];
      let sumSq = 0;
      for (let k = 0; k <= fanIn; k++) sumSq += key[k] * key[k];
      const norm = Math.sqrt(sumSq);
      scale[j] = norm > 0 ? 1 / norm : 1;
      for (let k = 0; k <= fanIn; k++) key[k] *= scale[j];
      keys.push(key);
    }
    const compare = (a: Float64Array, b: Float64Array) => {
      for (let k = 0; k < a.length; k++) if (Math.abs(a[k] - b[k]) > tol) return a[k] - b[k];
      return 0;
    };
    const perm = Array.from({ length: width }, (_, j) => j).sort((a, b) => compare(keys[a], keys[b]));
    scales.push(scale);
    perms[`P_${l}`] = perm;
    [prevPerm, prevScale] = [perm, scale];
  }
  return { scales, perms };
}

describeOnBackends("canonicalize", () => {
  for (const [sizes, activation] of [
    [[5, 8, 3], "relu"],
    [[5, 8, 6, 3], "relu"],
    [[7, 16, 12, 10, 4], "relu"],
    [[5, 8, 6, 3], "squaredRelu"],
  ] as [number[], Activation][]) {
    it(`maps random points of one orbit to the same parameters, ${activation} ${sizes}`, async () => {
      const arch = mlp(sizes, { activation });
      const params = randomMlp(arch, sizes.length * 3);
      await assertNoLeaks(() => {
        const a = randomOrbitPoint(arch, params, 1);
        const b = randomOrbitPoint(arch, params, 2);
        assert.ok(naiveDistance(a, b) > 0.5, "the orbit points should look different");
        const canonA = canonicalize(arch, a);
        const canonB = canonicalize(arch, b);
        const canonP = canonicalize(arch, params);
        assertClose(flatValues(canonA), flatValues(canonB), 1e-5);
        assertClose(flatValues(canonA), flatValues(canonP), 1e-5);
        assert.ok(gaugeDistance(arch, a, b) < 1e-5);
        assert.ok(matchedDistance(arch, a, b) < 1e-5);
        tf.tidy(() => {
          const X = randomX(16, sizes[0], 3);
          assertClose(forward(arch, canonA, X).dataSync(), forward(arch, a, X).dataSync(), 1e-5);
        });
        [a, b, canonA, canonB, canonP].forEach(disposeParams);
      });
      disposeParams(params);
    });
  }

  it("handles exact ties from pruning: a half-pruned network's orbit still has one canonical form", async () => {
    const arch = mlp([6, 12, 10, 3]);
    const dense = randomMlp(arch, 21);
    const params = tf.tidy(() =>
      Object.fromEntries(
        Object.entries(dense).map(([name, t]) => [
          name,
          // zero about half the kernel weights (a deterministic pattern of the seeded values)
          name.endsWith("kernel") ? tf.mul(t, tf.cast(tf.greater(t, 0), "float32")) : t.clone(),
        ]),
      ),
    );
    await assertNoLeaks(() => {
      const [a, b] = [randomOrbitPoint(arch, params, 5), randomOrbitPoint(arch, params, 6)];
      const [canonA, canonB] = [canonicalize(arch, a), canonicalize(arch, b)];
      assertClose(flatValues(canonA), flatValues(canonB), 1e-5);
      [a, b, canonA, canonB].forEach(disposeParams);
    });
    [dense, params].forEach(disposeParams);
  });

  it("tanh: only sorts (no scales), keeps the function, and is invariant to permutations", async () => {
    const arch = mlp([4, 7, 5, 2], { activation: "tanh" });
    const params = randomMlp(arch, 17);
    await assertNoLeaks(() => {
      const gauge = canonicalGauge(arch, params);
      assert.deepEqual(gauge.scales, {});
      const moved = permute(arch, params, randomPerms(permutationSpec(arch), 3));
      const [canonP, canonM] = [canonicalize(arch, params), canonicalize(arch, moved)];
      assertClose(flatValues(canonM), flatValues(canonP), 0);
      // Only a permutation: the multiset of first-layer biases is unchanged, and the first row is sorted.
      const sorted = (t: tf.Tensor) => Array.from(t.dataSync()).sort((x, y) => x - y);
      assert.deepEqual(sorted(canonP["dense0/bias"]), sorted(params["dense0/bias"]));
      const firstRow = Array.from(canonP["dense0/kernel"].dataSync().subarray(0, 7));
      assert.deepEqual(
        firstRow,
        [...firstRow].sort((x, y) => x - y),
      );
      tf.tidy(() => {
        const X = randomX(16, 4, 3);
        assertClose(forward(arch, canonP, X).dataSync(), forward(arch, params, X).dataSync(), 1e-6);
      });
      [moved, canonP, canonM].forEach(disposeParams);
    });
    disposeParams(params);
  });
});

describe("canonicalGauge", () => {
  it("gives the old MLP implementation's scales and perms bit for bit", () => {
    for (const [sizes, seed] of [
      [[5, 8, 3], 1],
      [[7, 16, 12, 10, 4], 2],
      [[3, 6, 6, 6, 2], 3],
    ] as [number[], number][]) {
      const arch = mlp(sizes);
      const base = randomMlp(arch, seed);
      const params = randomOrbitPoint(arch, base, seed + 10);
      const gauge = canonicalGauge(arch, params);
      const old = oldCanonicalGauge(sizes, params);
      assert.deepEqual(gauge.perms, old.perms);
      assert.deepEqual(Object.keys(gauge.scales), Object.keys(old.perms));
      old.scales.forEach((s, l) => assert.deepEqual(gauge.scales[`P_${l}`], s));
      [base, params].forEach(disposeParams);
    }
  });

  it("gives unit incoming norms and sorted neurons, and is idempotent", () => {
    const arch = mlp([4, 6, 5, 2]);
    const params = randomMlp(arch, 11);
    const canon = canonicalize(arch, params);
    const sizes = layerSizes(arch);
    for (const layer of [0, 1]) {
      const [fanIn, width] = [sizes[layer], sizes[layer + 1]];
      const w = canon[`dense${layer}/kernel`].dataSync();
      const b = canon[`dense${layer}/bias`].dataSync();
      const firsts: number[] = [];
      for (let j = 0; j < width; j++) {
        let sq = b[j] * b[j];
        for (let k = 0; k < fanIn; k++) sq += w[k * width + j] ** 2;
        assert.ok(Math.abs(sq - 1) < 1e-5, `layer ${layer} neuron ${j} has squared norm ${sq}`);
        firsts.push(w[j]);
      }
      assert.deepEqual(
        firsts,
        [...firsts].sort((x, y) => x - y),
      );
    }
    const gauge = canonicalGauge(arch, canon);
    Object.values(gauge.scales).forEach((s) => assertClose(s, new Array<number>(s.length).fill(1), 1e-5));
    assert.deepEqual(gauge.perms, { P_0: [0, 1, 2, 3, 4, 5], P_1: [0, 1, 2, 3, 4] });
    assert.throws(() => canonicalGauge(arch, params, { tolerance: 1 } as never), {
      message: 'canonicalGauge: unknown option "tolerance" (the options are tol)',
    });
    disposeParams(canon);
    disposeParams(params);
  });

  it("tells networks on different orbits apart, and rejects mismatched architectures", () => {
    const arch = mlp([4, 6, 2]);
    const a = randomMlp(arch, 1);
    const b = randomMlp(arch, 2);
    const c = randomMlp(mlp([4, 7, 2]), 2);
    assert.ok(gaugeDistance(arch, a, b) > 0.1);
    const unitA = rescale(arch, a, canonicalGauge(arch, a).scales);
    const unitB = rescale(arch, b, canonicalGauge(arch, b).scales);
    const matched = matchedDistance(arch, a, b, { seed: 1 });
    assert.ok(matched > 0.1 && matched <= naiveDistance(unitA, unitB) + 1e-6);
    [unitA, unitB].forEach(disposeParams);
    assert.throws(() => matchedDistance(arch, a, c), {
      message: "matchedDistance: dense0/kernel is [4,6] in the first network but [4,7] in the second",
    });
    assert.ok(Math.abs(naiveDistance(a, a)) === 0);
    assert.throws(() => gaugeDistance(arch, a, c), {
      message: "gaugeDistance: dense0/kernel is [4,6] in the first network but [4,7] in the second",
    });
    assert.throws(() => gaugeDistance(arch, c, a), {
      message: "gaugeDistance: dense0/kernel is [4,7] but the architecture makes it [4,6]",
    });
    assert.throws(() => canonicalize(arch, c), {
      message: "canonicalize: dense0/kernel is [4,7] but the architecture makes it [4,6]",
    });
    const { "dense1/bias": _, ...partial } = a;
    assert.throws(() => naiveDistance(a, partial), {
      message:
        "naiveDistance: the networks have different parameters: " +
        "[dense0/kernel,dense0/bias,dense1/kernel,dense1/bias] vs [dense0/kernel,dense0/bias,dense1/kernel]",
    });
    [a, b, c].forEach(disposeParams);
  });
});
