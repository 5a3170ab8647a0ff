import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { forward } from "../../lib/core/forward";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { uniformArray } from "../../lib/core/rng";
import { refineGrid } from "../../lib/splines/refine-grid";
import { frozenGridKan } from "../../lib/spline-experiments/kan-toy";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

describe("refineGrid", () => {
  it("a nested finer grid reproduces the coarse model exactly (the old splines lie in the new space)", async () => {
    const arch = frozenGridKan(3);
    const params = initParams(arch, { seed: 1 });
    const X = tf.tensor2d(uniformArray(400, 2, -1, 1), [200, 2]);
    await assertNoLeaks(() => {
      // G = 3 → 6 halves every interval, and the extension keeps the edge spacing, so the knots nest.
      const inner = refineGrid(arch, params, 0, 6, X);
      const both = refineGrid(inner.arch, inner.params, 2, 6, X);
      const [before, after] = [forward(arch, params, X), forward(both.arch, both.params, X)];
      assertClose(after.dataSync(), before.dataSync(), 1e-4);
      assert.deepEqual(both.params["inner/grid"].shape, [2, 6 + 7]);
      assert.deepEqual(both.params["sum/kernel"].shape, [2 * 9, 1]);
      assert.deepEqual(Object.keys(both.params), Object.keys(params));
      tf.dispose([before, after]);
      disposeParams(inner.params);
      disposeParams(both.params);
    });
    assert.throws(
      () => refineGrid(arch, params, 1, 6, X),
      /refineGrid: layer 1 must be a bspline layer followed by a dense layer/,
    );
    disposeParams(params);
    X.dispose();
  });
});
