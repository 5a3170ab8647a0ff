import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { firstLayerColumns, mostSimilarNeurons } from "../../lib/gauge-experiments/neuron-similarity";
import { neuronCosines } from "../../lib/gauge/neuron-cosines";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { permute } from "../../lib/gauge/permute";
import { randomPerms } from "../../lib/gauge/random-group";
import { mlp } from "../../lib/core/architecture";
import { disposeParams, type Params } from "../../lib/core/params";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp } from "../gauge/helpers";

useBackend();

function negate(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([name, t]) => [name, tf.neg(t)]));
}

describe("neuronCosines", () => {
  it("is 1 for a network with itself, -1 against its negation, and sees a permutation", async () => {
    const arch = mlp([5, 6, 4, 3]);
    const a = randomMlp(arch, 1);
    const cos = await assertNoLeaks(() => neuronCosines(arch, a, a));
    assert.deepEqual(
      cos.map((l) => l.length),
      [6, 4],
    );
    assertClose(cos.flat(), new Array(10).fill(1), 1e-9);
    const neg = negate(a);
    assertClose(neuronCosines(arch, a, neg).flat(), new Array(10).fill(-1), 1e-9);
    const moved = permute(arch, a, randomPerms(permutationSpec(arch), 4));
    assert.ok(Math.min(...neuronCosines(arch, a, moved)[0]) < 0.9, "a permuted copy is not aligned");
    [a, neg, moved].forEach(disposeParams);
  });

  it("rejects different architectures", () => {
    const a = randomMlp(mlp([5, 6, 3]), 1);
    const b = randomMlp(mlp([5, 7, 3]), 1);
    assert.throws(() => neuronCosines(mlp([5, 6, 3]), a, b), {
      message: "neuronCosines: dense0/kernel is [5,7] but the architecture makes it [5,6]",
    });
    [a, b].forEach(disposeParams);
  });
});

describe("firstLayerColumns", () => {
  it("puts network i's neuron neurons[k] in column i * neurons.length + k", () => {
    const arch = mlp([4, 5, 2]);
    const a = randomMlp(arch, 1);
    const b = randomMlp(arch, 2);
    const cols = firstLayerColumns(arch, [a, b], [3, 0]);
    assert.equal(cols.length, 4);
    assert.equal(cols[0].length, 4);
    const [wa, wb] = [
      a["dense0/kernel"].arraySync() as number[][],
      b["dense0/kernel"].arraySync() as number[][],
    ];
    for (let k = 0; k < 4; k++) {
      assertClose(cols[k], [wa[k][3], wa[k][0], wb[k][3], wb[k][0]], 1e-7);
    }
    assert.throws(() => firstLayerColumns(arch, [a], [5]), {
      message: "firstLayerColumns: neuron 5 is outside the first layer's 5 units",
    });
    assert.throws(() => firstLayerColumns(arch, [], [0]), {
      message: "firstLayerColumns: give nets and neurons",
    });
    [a, b].forEach(disposeParams);
  });
});

describe("mostSimilarNeurons", () => {
  it("orders first-layer neurons by cosine, most similar first", () => {
    const arch = mlp([3, 4, 2]);
    const a = randomMlp(arch, 1);
    const b = randomMlp(arch, 2);
    const cos = neuronCosines(arch, a, b)[0];
    const top = mostSimilarNeurons(arch, a, b, 3);
    assert.equal(top.length, 3);
    for (let i = 1; i < top.length; i++) assert.ok(cos[top[i - 1]] >= cos[top[i]]);
    assert.ok(cos.every((c, j) => top.includes(j) || c <= cos[top[2]]));
    assert.deepEqual(mostSimilarNeurons(arch, a, a, 2), [0, 1], "ties keep index order");
    [a, b].forEach(disposeParams);
  });
});
