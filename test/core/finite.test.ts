import { it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  assertFiniteNetworks,
  assertFiniteParams,
  describeNonFinite,
  firstNonFinite,
  formatIndex,
} from "../../lib/core/finite";
import { disposeParams, type Params } from "../../lib/core/params";
import { assertNoLeaks, describeOnBackends } from "../helpers/tf";

/** The part of every non-finite-weights message after the count and position. */
const HINT =
  "results computed from them would be meaningless. Find what produced them: a training run that diverged " +
  "(train stops at the first NaN/Inf loss and names its step), a corrupt params file, or an operation on the " +
  "weights that overflowed float32";

function net(kernel: number[][]): Params {
  return { "dense0/kernel": tf.tensor2d(kernel), "dense0/bias": tf.tensor1d([0, 0]) };
}

it("formatIndex gives the row-major multi-index", () => {
  assert.equal(formatIndex(0, [2, 3]), "0, 0");
  assert.equal(formatIndex(5, [2, 3]), "1, 2");
  assert.equal(formatIndex(7, [2, 2, 2]), "1, 1, 1");
  assert.equal(formatIndex(3, [4]), "3");
});

describeOnBackends("finiteness checks", () => {
  it("firstNonFinite finds the first tensor with NaN or ±Inf, and -1 when all are finite", async () => {
    const ts = [
      tf.tensor1d([1, 2]),
      tf.tensor2d([[0, -Infinity]]),
      tf.tensor1d([NaN]),
      tf.tensor1d([3], "int32"),
    ];
    await assertNoLeaks(() => {
      assert.equal(firstNonFinite(ts), 1);
      assert.equal(firstNonFinite([ts[0], ts[2]]), 1);
      assert.equal(firstNonFinite([ts[0], ts[3]]), -1);
      assert.equal(firstNonFinite([]), -1);
    });
    tf.dispose(ts);
  });

  it("describeNonFinite counts the bad entries and places the first", () => {
    const t = tf.tensor2d([
      [1, Infinity, 0],
      [NaN, 2, -Infinity],
    ]);
    assert.equal(describeNonFinite(t), "3 of 6 entries; the first is Infinity at [0, 1]");
    t.dispose();
  });

  it("assertFiniteParams passes finite params and names the first bad param, where, and the fix", async () => {
    const good = net([
      [1, 2],
      [3, 4],
    ]);
    const bad = { ...good, "dense0/bias": tf.tensor1d([0, NaN]) };
    await assertNoLeaks(() => {
      assertFiniteParams(good, "evaluate");
      assert.throws(() => assertFiniteParams(bad, "evaluate"), {
        message: `evaluate: dense0/bias holds NaN or Inf values (1 of 2 entries; the first is NaN at [1]); ${HINT}`,
      });
    });
    assertFiniteParams({}, "empty");
    disposeParams(good);
    bad["dense0/bias"].dispose();
  });

  it("assertFiniteNetworks names the network holding the bad param", async () => {
    const a = net([
      [1, 2],
      [3, 4],
    ]);
    const b = net([
      [1, 2],
      [-Infinity, 4],
    ]);
    await assertNoLeaks(() => {
      assertFiniteNetworks({ "network a": a, "network b": a }, "weightMatching");
      assert.throws(() => assertFiniteNetworks({ "network a": a, "network b": b }, "weightMatching"), {
        message:
          "weightMatching: dense0/kernel of network b holds NaN or Inf values " +
          `(1 of 4 entries; the first is -Infinity at [1, 0]); ${HINT}`,
      });
    });
    [a, b].forEach(disposeParams);
  });
});
