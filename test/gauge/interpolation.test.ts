import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { disposeParams, type Params } from "../../lib/core/params";
import { interpolate, interpolationCurve, lossBarrier } from "../../lib/gauge/interpolation";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { flatValues, randomMlp, randomX } from "./helpers";

useBackend();

/** A 1-1-1 network computing `w2 · act(w1 · x)` with zero biases. */
function tinyNet(w1: number, w2: number): Params {
  return {
    "dense0/kernel": tf.tensor2d([[w1]]),
    "dense0/bias": tf.tensor1d([0]),
    "dense1/kernel": tf.tensor2d([[w2]]),
    "dense1/bias": tf.tensor1d([0]),
  };
}

describe("interpolate", () => {
  it("returns (1 - t) a + t b and owns fresh tensors", async () => {
    const a = randomMlp(mlp([3, 4, 2]), 1);
    const b = randomMlp(mlp([3, 4, 2]), 2);
    await assertNoLeaks(() => disposeParams(interpolate(a, b, 0.25)));
    const p = interpolate(a, b, 0.25);
    const [va, vb] = [flatValues(a), flatValues(b)];
    assertClose(
      flatValues(p),
      va.map((x, i) => 0.75 * x + 0.25 * vb[i]),
      1e-6,
    );
    [a, b, p].forEach(disposeParams);
  });

  it("rejects mismatched architectures and a non-finite t", () => {
    const a = randomMlp(mlp([3, 4, 2]), 1);
    const c = randomMlp(mlp([3, 5, 2]), 1);
    assert.throws(() => interpolate(a, c, 0.5), {
      message: "interpolate: dense0/kernel is [3,4] in the first network but [3,5] in the second",
    });
    assert.throws(() => interpolate(a, a, NaN), {
      message: "interpolate: t must be a finite number; got NaN",
    });
    assert.throws(() => interpolationCurve(a, c, () => ({ loss: 0 })), {
      message: "interpolationCurve: dense0/kernel is [3,4] in the first network but [3,5] in the second",
    });
    [a, c].forEach(disposeParams);
  });
});

describe("interpolationCurve and lossBarrier", () => {
  it("gives zero barrier for a network with itself", async () => {
    const arch = mlp([5, 8, 3]);
    const a = randomMlp(arch, 3);
    const X = randomX(32, 5, 4);
    const target = forward(arch, a, X);
    const evalFn = (p: Params) =>
      tf.tidy(() => ({
        loss: tf.losses.meanSquaredError(target, forward(arch, p, X)).dataSync()[0],
        accuracy: 1,
      }));
    const curve = await assertNoLeaks(() => interpolationCurve(a, a, evalFn, 9));
    assert.deepEqual(curve.t, [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    assert.deepEqual(curve.acc, new Array<number>(9).fill(1));
    assert.ok(lossBarrier(curve) < 1e-12);
    disposeParams(a);
    tf.dispose([X, target]);
  });

  it("matches the closed form L(t) = -||a + t(b - a)||^2, barrier ||b - a||^2 / 4", () => {
    const a = randomMlp(mlp([3, 4, 2]), 5);
    const b = randomMlp(mlp([3, 4, 2]), 6);
    const negSquare = (p: Params) => ({ loss: -flatValues(p).reduce((s, x) => s + x * x, 0) });
    const curve = interpolationCurve(a, b, negSquare, 5);
    const [va, vb] = [flatValues(a), flatValues(b)];
    const closed = (t: number) => -va.reduce((s, x, i) => s + (x + t * (vb[i] - x)) ** 2, 0);
    assertClose(curve.loss, curve.t.map(closed), 1e-5);
    assert.ok(curve.acc.every(Number.isNaN), "no accuracy reported gives NaN");
    const distSq = va.reduce((s, x, i) => s + (vb[i] - x) ** 2, 0);
    assert.ok(Math.abs(lossBarrier(curve) - distSq / 4) < 1e-5);
    [a, b].forEach(disposeParams);
  });

  it("finds the barrier of a tiny linear net and its sign-flipped twin in closed form", () => {
    // f(x) = w2 w1 x; along the segment from (1, 1) to (-1, -1), w1 = w2 = 1 - 2t, so f(1) = (1 - 2t)^2.
    // With target 1 at x = 1: L(t) = ((1 - 2t)^2 - 1)^2 = 16 t^2 (1 - t)^2, zero at both ends, 1 at t = 1/2.
    const a = tinyNet(1, 1);
    const b = tinyNet(-1, -1);
    const X = tf.tensor2d([[1]]);
    const arch = mlp([1, 1, 1], { activation: "linear" });
    const evalFn = (p: Params) => tf.tidy(() => ({ loss: (forward(arch, p, X).dataSync()[0] - 1) ** 2 }));
    const curve = interpolationCurve(a, b, evalFn, 11);
    assertClose(
      curve.loss,
      curve.t.map((t) => 16 * t * t * (1 - t) ** 2),
      1e-5,
    );
    assert.ok(Math.abs(lossBarrier(curve) - 1) < 1e-6);
    [a, b].forEach(disposeParams);
    X.dispose();
  });

  it("measures the barrier against the chord between unequal end losses", () => {
    assert.equal(lossBarrier({ t: [0, 0.5, 1], loss: [1, 3, 3] }), 1);
    assert.equal(lossBarrier({ t: [0, 0.5, 1], loss: [1, 1, 3] }), 0);
  });

  it("rejects bad curves and evaluations, without leaking the interpolated networks", async () => {
    const a = randomMlp(mlp([2, 3, 1]), 1);
    assert.throws(() => interpolationCurve(a, a, () => ({ loss: 0 }), 1), {
      message: "interpolationCurve: numPoints must be an integer >= 2; got 1",
    });
    await assertNoLeaks(() => {
      assert.throws(() => interpolationCurve(a, a, () => ({ loss: NaN }), 3), {
        message: "interpolationCurve: evalFn returned loss NaN at t = 0",
      });
      assert.throws(
        () =>
          interpolationCurve(a, a, () => {
            throw new Error("eval failed");
          }),
        { message: "eval failed" },
      );
    });
    assert.throws(() => lossBarrier({ t: [0, 1], loss: [0] }), {
      message: "lossBarrier: need t and loss of the same length >= 2; got 2 and 1",
    });
    assert.throws(() => lossBarrier({ t: [0, 0.5], loss: [0, 0] }), {
      message: "lossBarrier: the curve must run from t = 0 to t = 1; got 0 to 0.5",
    });
    disposeParams(a);
  });
});
