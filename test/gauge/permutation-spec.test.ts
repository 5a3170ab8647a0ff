import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import {
  assertPermsFit,
  assertSpecFits,
  permName,
  permutationSpec,
  specFromAxes,
} from "../../lib/gauge/permutation-spec";
import { assertPerm, composePerms, identityPerm, invertPerm } from "../../lib/gauge/perm";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp } from "./helpers";

useBackend();

describe("permutationSpec", () => {
  it("derives Re-Basin's MLP spec from the architecture", async () => {
    const arch = mlp([5, 4, 3, 2]);
    const params = randomMlp(arch, 1);
    const spec = await assertNoLeaks(() => permutationSpec(arch));
    assert.equal(permutationSpec(arch), spec, "memoised per architecture");
    assert.deepEqual(spec.axesToPerm, {
      "dense0/kernel": [null, "P_0"],
      "dense0/bias": ["P_0"],
      "dense1/kernel": ["P_0", "P_1"],
      "dense1/bias": ["P_1"],
      "dense2/kernel": ["P_1", null],
      "dense2/bias": [null],
    });
    assert.deepEqual(spec.permToAxes, {
      P_0: [
        ["dense0/kernel", 1],
        ["dense0/bias", 0],
        ["dense1/kernel", 0],
      ],
      P_1: [
        ["dense1/kernel", 1],
        ["dense1/bias", 0],
        ["dense2/kernel", 0],
      ],
    });
    assert.deepEqual(spec.permSizes, { P_0: 4, P_1: 3 });
    assert.equal(permName(7), "P_7");
    assertSpecFits(spec, params);
    disposeParams(params);
  });

  it("records each hidden layer's unit group: incoming, bias, outgoing, degree, layer", () => {
    const groups = (activation: "relu" | "squaredRelu" | "tanh") =>
      permutationSpec(mlp([5, 4, 3, 2], { activation })).groups;
    const expected = (rescaleDegree: number | null) => ({
      P_0: {
        size: 4,
        incoming: [["dense0/kernel", 1]],
        bias: ["dense0/bias", 0],
        outgoing: [["dense1/kernel", 0]],
        rescaleDegree,
        layer: 0,
      },
      P_1: {
        size: 3,
        incoming: [["dense1/kernel", 1]],
        bias: ["dense1/bias", 0],
        outgoing: [["dense2/kernel", 0]],
        rescaleDegree,
        layer: 1,
      },
    });
    assert.deepEqual(groups("relu"), expected(1));
    assert.deepEqual(groups("squaredRelu"), expected(2));
    assert.deepEqual(groups("tanh"), expected(null));
    assert.deepEqual(Object.keys(groups("relu")), ["P_0", "P_1"], "in layer order");
  });

  it("has no permutations for a network without hidden layers", () => {
    const spec = permutationSpec(mlp([3, 2]));
    assert.deepEqual(spec.permSizes, {});
    assert.deepEqual(spec.groups, {});
  });

  it("rejects specs that don't fit the params, with exact messages", () => {
    const params = randomMlp(mlp([5, 4, 3, 2]), 2);
    const otherArch = mlp([5, 6, 3, 2]);
    const other = randomMlp(otherArch, 3);
    const spec = permutationSpec(otherArch);
    assert.throws(() => assertSpecFits(spec, params, "permute"), {
      message: "permute: the spec puts P_0 (6 units) on axis 1 of dense0/kernel [5,4], which has 4",
    });
    const small = permutationSpec(mlp([5, 4, 2]));
    assert.throws(() => assertSpecFits(small, params), {
      message: "spec: params have dense2/kernel but the spec does not describe it",
    });
    const extra = specFromAxes({ ...spec.axesToPerm, "dense9/bias": [null] }, spec.permSizes);
    assert.throws(() => assertSpecFits(extra, other), {
      message: "spec: the spec names dense9/bias but params have no such parameter",
    });
    const rank = specFromAxes({ ...spec.axesToPerm, "dense0/bias": ["P_0", null] }, spec.permSizes);
    assert.throws(() => assertSpecFits(rank, other), {
      message: "spec: the spec gives dense0/bias 2 axes but it is [6]",
    });
    assert.throws(() => specFromAxes({ w: ["Q"] }, {}), {
      message: "spec: axis 0 of w names Q, which has no size",
    });
    disposeParams(params);
    disposeParams(other);
  });

  it("rejects perms that are missing, unknown or not permutations, with exact messages", () => {
    const spec = permutationSpec(mlp([2, 3, 2, 1]));
    assert.throws(() => assertPermsFit(spec, { P_0: [0, 1, 2] }), {
      message: "perms: no permutation for P_1 (the spec has P_0, P_1)",
    });
    assert.throws(() => assertPermsFit(spec, { P_0: [0, 1, 2], P_1: [1, 0], P_2: [0] }), {
      message: "perms: P_2 is not a permutation of this spec (it has P_0, P_1)",
    });
    assert.throws(() => assertPermsFit(spec, { P_0: [0, 1, 1], P_1: [1, 0] }), {
      message: "perms: P_0 is not a permutation of 0..2: 1 appears twice",
    });
    assert.throws(() => assertPermsFit(spec, { P_0: [0, 1, 3], P_1: [1, 0] }), {
      message: "perms: P_0 is not a permutation of 0..2: entry 2 is 3",
    });
    assert.throws(() => assertPermsFit(spec, { P_0: [0, 1, 2], P_1: [0, 0.5] }), {
      message: "perms: P_1 is not a permutation of 0..1: entry 1 is 0.5",
    });
    assert.throws(() => assertPerm([0, 1], 3), { message: "perm has 2 entries but its layer has 3 units" });
  });

  it("inverts and composes permutations", () => {
    const perm = [2, 0, 3, 1];
    assert.deepEqual(composePerms(perm, invertPerm(perm)), identityPerm(4));
    assert.deepEqual(composePerms(invertPerm(perm), perm), identityPerm(4));
    const x = ["a", "b", "c", "d"];
    const apply = (p: readonly number[], v: string[]) => p.map((i) => v[i]);
    const second = [1, 3, 0, 2];
    assert.deepEqual(apply(second, apply(perm, x)), apply(composePerms(perm, second), x));
  });
});
