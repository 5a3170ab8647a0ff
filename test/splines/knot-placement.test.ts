import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { dataPointKnots, quantileKnots } from "../../lib/splines/knot-placement";

describe("knot placement", () => {
  it("places knots at the data's quantiles per input, from the minimum to the maximum", () => {
    // Input 0 is uniform on [0, 1]; input 1 piles up near 0 (squares).
    const n = 1001;
    const X = Float32Array.from({ length: 2 * n }, (_, i) => ((i >> 1) / (n - 1)) ** (i % 2 === 0 ? 1 : 2));
    const [uniform, squared] = quantileKnots(X, 2, 5);
    [0, 0.25, 0.5, 0.75, 1].forEach((q, k) => {
      assert.ok(Math.abs(uniform[k] - q) < 1e-6, `uniform knot ${k}`);
      assert.ok(Math.abs(squared[k] - (0.98 * q * q + 0.02 * q)) < 1e-6, `squared knot ${k}`);
    });
  });

  it("stays strictly increasing on tied data (pykan's mix with the uniform grid)", () => {
    const X = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 1]);
    const knots = quantileKnots(X, 1, 4)[0];
    assert.ok(
      knots.every((t, k) => k === 0 || t > knots[k - 1]),
      `${knots}`,
    );
    assert.deepEqual(dataPointKnots([0.5, -1, 0.5, 2]), [-1, 0.5, 2]);
  });

  it("refuses non-finite inputs, constant inputs and bad counts", () => {
    assert.throws(
      () => quantileKnots([0, NaN], 1, 3),
      /quantileKnots: X holds NaN at row 1, column 0; give finite inputs/,
    );
    assert.throws(
      () => quantileKnots([2, 2, 2], 1, 3),
      /input 0 is constant \(2\); it has no range to place knots in/,
    );
    assert.throws(() => quantileKnots([0, 1], 1, 1), /count must be an integer ≥ 2; got 1/);
    assert.throws(
      () => quantileKnots([0, 1, 2], 2, 3),
      /X holds 3 numbers, not a whole number \(≥ 1\) of rows of 2/,
    );
    assert.throws(() => dataPointKnots([Infinity]), /dataPointKnots: X holds Infinity/);
  });
});
