import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, mlp } from "../../lib/core/architecture";
import { forward, layerOutputs } from "../../lib/core/forward";
import { disposeParams, type Params } from "../../lib/core/params";
import { activationMatching } from "../../lib/gauge/activation-matching";
import { naiveDistance } from "../../lib/gauge/gauge-distance";
import { interpolationCurve, lossBarrier } from "../../lib/gauge/interpolation";
import { invertPerm } from "../../lib/gauge/perm";
import { permute } from "../../lib/gauge/permute";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { randomPerms } from "../../lib/gauge/random-group";
import { weightMatching } from "../../lib/gauge/weight-matching";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../helpers/tf";
import { flatValues, randomMlp, randomX } from "./helpers";

useBackend();

const SIZES = [10, 32, 24, 16, 3];
const ARCH = mlp(SIZES);

/** MSE between a network's outputs and the reference network's on fixed random inputs. */
function mseTo(arch: Architecture, reference: Params, X: tf.Tensor2D) {
  const target = forward(arch, reference, X);
  const evalFn = (params: Params) =>
    tf.tidy(() => ({ loss: tf.losses.meanSquaredError(target, forward(arch, params, X)).dataSync()[0] }));
  return { evalFn, dispose: () => target.dispose() };
}

describeOnBackends("weightMatching", () => {
  it("recovers the permutation of a permuted copy exactly, with zero barrier", async () => {
    const a = randomMlp(ARCH, 1);
    const truth = randomPerms(permutationSpec(ARCH), 2);
    const b = permute(ARCH, a, truth);
    const X = randomX(64, SIZES[0], 3);
    const { evalFn, dispose } = mseTo(ARCH, a, X);
    const result = await assertNoLeaks(() => weightMatching(ARCH, a, b, { seed: 4 }));
    assert.ok(result.converged);
    for (const p of Object.keys(truth)) assert.deepEqual(result.perms[p], invertPerm(truth[p]));
    const matched = permute(ARCH, b, result.perms);
    assertClose(flatValues(matched), flatValues(a), 0);
    const naive = interpolationCurve(a, b, evalFn, 11);
    const zeros: Params = Object.fromEntries(Object.entries(a).map(([k, t]) => [k, tf.zerosLike(t)]));
    const after = await assertNoLeaks(() => interpolationCurve(a, matched, evalFn, 11));
    const scale = evalFn(zeros).loss; // mean square of the target outputs
    assert.ok(
      lossBarrier(naive) > 0.01 * scale,
      `naive barrier ${lossBarrier(naive)} vs output scale ${scale}`,
    );
    assert.ok(lossBarrier(after) < 1e-12, `matched barrier ${lossBarrier(after)}`);
    [a, b, matched, zeros].forEach(disposeParams);
    dispose();
    X.dispose();
  });

  it("moves an unrelated network closer, deterministically from the seed", async () => {
    const a = randomMlp(ARCH, 5);
    const b = randomMlp(ARCH, 6);
    const first = await assertNoLeaks(() => weightMatching(ARCH, a, b, { seed: 7 }));
    assert.deepEqual(weightMatching(ARCH, a, b, { seed: 7 }), first);
    assert.ok(first.converged && first.numIters >= 2);
    const matched = permute(ARCH, b, first.perms);
    assert.ok(naiveDistance(a, matched) < naiveDistance(a, b));
    // Starting from the optimum found, nothing improves: one sweep.
    assert.equal(weightMatching(ARCH, a, b, { seed: 8, initPerms: first.perms }).numIters, 1);
    [a, b, matched].forEach(disposeParams);
  });
});

describe("weightMatching errors", () => {
  it("stops at maxIter and rejects bad input with exact messages", () => {
    const arch = mlp([4, 6, 5, 2]);
    const a = randomMlp(arch, 1);
    const b = randomMlp(arch, 2);
    const c = randomMlp(mlp([4, 6, 4, 2]), 2);
    assert.equal(weightMatching(arch, a, b, { maxIter: 1 }).numIters, 1);
    assert.throws(() => weightMatching(arch, a, c), {
      message: "weightMatching: dense1/kernel is [6,5] in the first network but [6,4] in the second",
    });
    assert.throws(() => weightMatching(arch, c, c), {
      message: "weightMatching: dense1/kernel is [6,4] but the architecture makes it [6,5]",
    });
    assert.throws(() => weightMatching(arch, a, b, { spec: permutationSpec(arch) } as never), {
      message:
        'weightMatching: unknown option "spec"; did you mean "seed"? (the options are seed, maxIter, initPerms)',
    });
    assert.throws(() => weightMatching(arch, a, b, { maxIter: 0 }), {
      message: "weightMatching: maxIter must be a positive integer; got 0",
    });
    assert.throws(() => weightMatching(arch, a, b, { initPerms: { P_0: [0, 1, 2, 3, 4, 5] } }), {
      message: "weightMatching initPerms: no permutation for P_1 (the spec has P_0, P_1)",
    });
    [a, b, c].forEach(disposeParams);
  });
});

describe("activationMatching", () => {
  for (const activation of ["leakyRelu", "tanh"] as const) {
    it(`recovers the permutation of a permuted copy (${activation}: no dead units)`, async () => {
      const arch = mlp(SIZES, { activation });
      const a = randomMlp(arch, 11);
      const truth = randomPerms(permutationSpec(arch), 12);
      const b = permute(arch, a, truth);
      const X = randomX(256, SIZES[0], 13);
      const result = await assertNoLeaks(() => activationMatching(arch, a, b, X));
      for (const p of Object.keys(truth)) assert.deepEqual(result.perms[p], invertPerm(truth[p]));
      assert.deepEqual(Object.keys(result.meanCorrelation), ["P_0", "P_1", "P_2"]);
      for (const r of Object.values(result.meanCorrelation))
        assert.ok(Math.abs(r - 1) < 1e-4, `mean correlation ${r}`);
      [a, b].forEach(disposeParams);
      X.dispose();
    });
  }

  it("makes ReLU activations agree after matching (dead units may swap, harmlessly)", async () => {
    const a = randomMlp(ARCH, 11);
    const b = permute(ARCH, a, randomPerms(permutationSpec(ARCH), 12));
    const X = randomX(256, SIZES[0], 13);
    const result = await assertNoLeaks(() => activationMatching(ARCH, a, b, X));
    const matched = permute(ARCH, b, result.perms);
    tf.tidy(() => {
      const actsA = layerOutputs(ARCH, a, X);
      const actsM = layerOutputs(ARCH, matched, X);
      actsA.forEach((h, l) => assertClose(actsM[l].dataSync(), h.dataSync(), 1e-6));
    });
    [a, b, matched].forEach(disposeParams);
    X.dispose();
  });

  it("rejects mismatched networks and inputs with exact messages", () => {
    const arch = mlp([4, 6, 2]);
    const a = randomMlp(arch, 1);
    const c = randomMlp(mlp([4, 7, 2]), 1);
    const X = randomX(8, 3, 1);
    assert.throws(() => activationMatching(arch, a, c, X), {
      message: "activationMatching: dense0/kernel is [4,6] in the first network but [4,7] in the second",
    });
    assert.throws(() => activationMatching(arch, a, a, X), {
      message: "activationMatching: X must be [batch >= 2, 4]; got [8,3]",
    });
    [a, c].forEach(disposeParams);
    X.dispose();
  });
});
