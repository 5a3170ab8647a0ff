import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf } from "../../../lib/core/architecture";
import { forward } from "../../../lib/core/forward";
import { initParams } from "../../../lib/core/init";
import { bsplineKnots } from "../../../lib/core/layers/bspline";
import { disposeParams } from "../../../lib/core/params";
import { lossAndGrads } from "../../../lib/train/backward";
import { trainableNames } from "../../../lib/train/freeze";
import { assertClose, assertNoLeaks, describeOnBackends, useBackend } from "../../helpers/tf";

useBackend();

/** Cox–de Boor in Float64, one basis function at a time: the textbook recursion, as an oracle. */
function coxDeBoor(t: readonly number[], i: number, k: number, x: number): number {
  if (k === 0) return t[i] < x && x <= t[i + 1] ? 1 : 0;
  const left = t[i + k] === t[i] ? 0 : ((x - t[i]) / (t[i + k] - t[i])) * coxDeBoor(t, i, k - 1, x);
  const right =
    t[i + k + 1] === t[i + 1]
      ? 0
      : ((t[i + k + 1] - x) / (t[i + k + 1] - t[i + 1])) * coxDeBoor(t, i + 1, k - 1, x);
  return left + right;
}

function basisAt(arch: Architecture, xs: number[][]): number[][] {
  const params = initParams(arch, { seed: 0 });
  const out = tf.tidy(() => forward(arch, params, tf.tensor2d(xs)).arraySync() as number[][]);
  disposeParams(params);
  return out;
}

const inside = Array.from({ length: 41 }, (_, i) => -1 + (2 * (i + 0.5)) / 41);

describe("bspline layer", () => {
  for (const degree of [0, 1, 2, 3]) {
    it(`degree ${degree}: sums to 1 inside the grid and equals Cox–de Boor in Float64`, () => {
      const spec = { kind: "bspline", grid: 5, degree };
      const arch = { inDim: 1, layers: [spec] };
      const knots = bsplineKnots(spec as never, 1)[0];
      const rows = basisAt(
        arch,
        inside.map((x) => [x]),
      );
      rows.forEach((row, n) => {
        assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 1e-5, `sum at ${inside[n]}`);
        assertClose(
          row,
          row.map((_, i) => coxDeBoor(knots, i, degree, inside[n])),
          1e-5,
        );
      });
      assert.equal(rows[0].length, 5 + degree);
    });
  }

  it("extends the grid by k knots of the edge spacing, per input, for given grids too", () => {
    const spec = {
      kind: "bspline",
      grid: [
        [0, 1, 3],
        [-2, -1, 0],
      ],
      degree: 2,
    } as never;
    assert.deepEqual(bsplineKnots(spec, 2), [
      [-2, -1, 0, 1, 3, 5, 7],
      [-4, -3, -2, -1, 0, 1, 2],
    ]);
    assert.equal(layersOf({ inDim: 2, layers: [spec] })[0].outDim, 2 * 4);
    assert.equal(layersOf({ inDim: 2, layers: [spec] })[0].frozen, true);
  });

  it("outside the grid: zero beyond the extension, or clamped to the edge's value", () => {
    const zero = basisAt({ inDim: 1, layers: [{ kind: "bspline", grid: 4, degree: 3 }] }, [[5], [-5], [1.2]]);
    assert.deepEqual(zero[0].concat(zero[1]), new Array(14).fill(0));
    assert.ok(zero[2].reduce((a, b) => a + b) < 1 - 1e-3, "the extension only partly covers 1.2");
    const clamp = { inDim: 1, layers: [{ kind: "bspline", grid: 4, degree: 3, outside: "clamp" }] };
    const [far, edge] = basisAt(clamp, [[5], [1]]);
    assertClose(far, edge, 1e-6);
  });

  it("refuses a negative degree, a short knot vector, unsorted grids and bad options, naming the fix", () => {
    const layer = (spec: object) => () => layersOf({ inDim: 1, layers: [{ kind: "bspline", ...spec }] });
    assert.throws(layer({ degree: -1 }), /degree must be an integer ≥ 0; got -1/);
    assert.throws(layer({ degree: 1.5 }), /degree must be an integer ≥ 0; got 1.5/);
    assert.throws(
      layer({ grid: [0, 0.5, 1], degree: 3, extend: false }),
      /grid has 3 points; this layer needs at least 5/,
    );
    assert.throws(layer({ grid: 4, extend: false }), /a count of intervals needs extend: true/);
    assert.throws(
      layer({ grid: [0, 2, 1] }),
      /knot 2 \(1\) is below knot 1 \(2\); knots must be strictly increasing/,
    );
    assert.throws(
      layer({ grid: [0, Infinity] }),
      /knot 1 is the number Infinity; knots must be finite numbers/,
    );
    assert.throws(layer({ grid: 0 }), /grid must be an integer ≥ 2 or a sorted list; got 0/);
    assert.throws(layer({ outside: "wrap" }), /outside must be "zero" or "clamp"; got "wrap"/);
    assert.throws(layer({ degre: 2 }), /degre.*degree/);
    assert.throws(
      () =>
        layersOf({
          inDim: 2,
          layers: [
            {
              kind: "bspline",
              grid: [
                [0, 1],
                [0, 1, 2],
              ],
            },
          ],
        }),
      /every input's grid must have the same number of points; got 2,3/,
    );
  });
});

describeOnBackends("bspline layer gradients", () => {
  for (const outside of ["zero", "clamp"]) {
    for (const frozen of [true, false]) {
      it(`outside ${outside}, grid ${frozen ? "frozen" : "trained"}: the backward pass matches tf.grads`, async () => {
        const arch = {
          inDim: 2,
          layers: [
            { kind: "dense", units: 3, activation: "tanh" },
            { kind: "bspline", grid: 4, degree: 3, range: [-0.8, 0.8], outside, frozen },
            { kind: "dense", units: 1 },
          ],
        };
        const params = initParams(arch, { seed: 2 });
        const X = tf.tensor2d([
          [0.3, -0.2],
          [1.8, 0.1],
          [-0.5, 0.9],
          [2.5, -2.5],
          [0.05, 0.4],
        ]);
        const y = tf.tensor2d([[1], [0], [-1], [0.5], [0.2]]);
        await assertNoLeaks(() => {
          const wanted = trainableNames(arch);
          const hand = lossAndGrads(arch, params, X, y, { loss: "mse", wanted });
          const auto = lossAndGrads(arch, params, X, y, { loss: "mse", wanted, autodiff: true });
          const names = Object.keys(params).filter((n) => !frozen || !n.startsWith("bspline1"));
          assert.deepEqual(Object.keys(hand.grads).sort(), names.sort());
          for (const name of names)
            assertClose(hand.grads[name].dataSync(), auto.grads[name].dataSync(), 2e-5);
          tf.dispose([hand, auto] as never);
        });
        disposeParams(params);
        tf.dispose([X, y]);
      });
    }
  }
});
