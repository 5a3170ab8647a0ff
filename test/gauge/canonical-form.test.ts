import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { forward } from "../../lib/core/forward";
import { disposeParams, type Params } from "../../lib/core/params";
import { canonicalGauge, canonicalize } from "../../lib/gauge/canonical-form";
import { gaugeDistance, matchedDistance, naiveDistance } from "../../lib/gauge/gauge-distance";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { randomPerms, randomScales } from "../../lib/gauge/random-group";
import { permute } from "../../lib/gauge/permute";
import { rescale } from "../../lib/gauge/rescale";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { flatValues, randomMlp, randomX } from "./helpers";

useBackend();

/** A random point on the orbit of `params`: random scales in [0.25, 4], then random perms. */
function randomOrbitPoint(params: Params, seed: number): Params {
  const scaled = rescale(params, randomScales(params, seed, [0.25, 4]));
  const out = permute(scaled, randomPerms(permutationSpec(params), seed));
  disposeParams(scaled);
  return out;
}

describe("canonicalize", () => {
  for (const sizes of [
    [5, 8, 3],
    [5, 8, 6, 3],
    [7, 16, 12, 10, 4],
  ]) {
    it(`maps random points of one orbit to the same parameters, ${sizes.length - 2} hidden`, async () => {
      const params = randomMlp(sizes, sizes.length * 3);
      await assertNoLeaks(() => {
        const a = randomOrbitPoint(params, 1);
        const b = randomOrbitPoint(params, 2);
        assert.ok(naiveDistance(a, b) > 0.5, "the orbit points should look different");
        const canonA = canonicalize(a);
        const canonB = canonicalize(b);
        const canonP = canonicalize(params);
        assertClose(flatValues(canonA), flatValues(canonB), 1e-5);
        assertClose(flatValues(canonA), flatValues(canonP), 1e-5);
        assert.ok(gaugeDistance(a, b) < 1e-5);
        assert.ok(matchedDistance(a, b) < 1e-5);
        tf.tidy(() => {
          const X = randomX(16, sizes[0], 3);
          assertClose(forward(canonA, X).dataSync(), forward(a, X).dataSync(), 1e-5);
        });
        [a, b, canonA, canonB, canonP].forEach(disposeParams);
      });
      disposeParams(params);
    });
  }

  it("handles exact ties from pruning: a half-pruned network's orbit still has one canonical form", async () => {
    const dense = randomMlp([6, 12, 10, 3], 21);
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
      const [a, b] = [randomOrbitPoint(params, 5), randomOrbitPoint(params, 6)];
      const [canonA, canonB] = [canonicalize(a), canonicalize(b)];
      assertClose(flatValues(canonA), flatValues(canonB), 1e-5);
      [a, b, canonA, canonB].forEach(disposeParams);
    });
    [dense, params].forEach(disposeParams);
  });

  it("gives unit incoming norms and sorted neurons, and is idempotent", () => {
    const params = randomMlp([4, 6, 5, 2], 11);
    const canon = canonicalize(params);
    for (const [layer, fanIn, width] of [
      [0, 4, 6],
      [1, 6, 5],
    ]) {
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
    const gauge = canonicalGauge(canon);
    gauge.scales.forEach((s) => assertClose(s, new Array<number>(s.length).fill(1), 1e-5));
    assert.deepEqual(gauge.perms, { P_0: [0, 1, 2, 3, 4, 5], P_1: [0, 1, 2, 3, 4] });
    disposeParams(canon);
    disposeParams(params);
  });

  it("tells networks on different orbits apart, and rejects mismatched architectures", () => {
    const a = randomMlp([4, 6, 2], 1);
    const b = randomMlp([4, 6, 2], 2);
    const c = randomMlp([4, 7, 2], 2);
    assert.ok(gaugeDistance(a, b) > 0.1);
    const unitA = rescale(a, canonicalGauge(a).scales);
    const unitB = rescale(b, canonicalGauge(b).scales);
    const matched = matchedDistance(a, b, { seed: 1 });
    assert.ok(matched > 0.1 && matched <= naiveDistance(unitA, unitB) + 1e-6);
    [unitA, unitB].forEach(disposeParams);
    assert.throws(() => matchedDistance(a, c), {
      message: "matchedDistance: dense0/kernel is [4,6] in the first network but [4,7] in the second",
    });
    assert.ok(Math.abs(naiveDistance(a, a)) === 0);
    assert.throws(() => gaugeDistance(a, c), {
      message: "gaugeDistance: dense0/kernel is [4,6] in the first network but [4,7] in the second",
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
