import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import {
  invarianceTable,
  orbitDistances,
  randomOrbitPoint,
} from "../../lib/gauge-experiments/symmetry-checks";
import { mlp } from "../../lib/core/architecture";
import { forward } from "../../lib/core/forward";
import { disposeParams } from "../../lib/core/params";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp, randomX } from "../gauge/helpers";

useBackend();

describe("invarianceTable", () => {
  it("finds every group element harmless and the equally long random step harmful", async () => {
    const arch = mlp([6, 10, 8, 3]);
    const params = randomMlp(arch, 1);
    const X = randomX(40, 6, 2);
    const rows = await assertNoLeaks(() => invarianceTable(arch, params, X, 3));
    assert.equal(rows.length, 5);
    for (const row of rows.slice(0, 4)) {
      assert.ok(
        row.maxAbsOutputDiff < 1e-5 * Math.max(1, row.maxAbsOutput),
        `${row.transform}: ${row.maxAbsOutputDiff}`,
      );
    }
    for (const row of rows.slice(0, 3))
      assert.ok(row.paramDistance > 0.1, `${row.transform} moved the params`);
    const control = rows[4];
    assert.ok(
      Math.abs(control.paramDistance - rows[0].paramDistance) < 1e-4,
      "same distance as the permutation",
    );
    assert.ok(
      control.maxAbsOutputDiff > 1e-2,
      `the control changes the function: ${control.maxAbsOutputDiff}`,
    );
    disposeParams(params);
    X.dispose();
  });
});

describe("orbitDistances and randomOrbitPoint", () => {
  it("gives ~0 canonical and matched distance on an orbit, and the same function", async () => {
    const arch = mlp([5, 7, 6, 2]);
    const a = randomMlp(arch, 4);
    const b = randomMlp(arch, 5);
    const moved = randomOrbitPoint(arch, a, 9);
    const X = randomX(16, 5, 1);
    const [ya, ym] = [forward(arch, a, X), forward(arch, moved, X)];
    assertClose(ym.dataSync(), ya.dataSync(), 1e-5);
    const rows = await assertNoLeaks(() => orbitDistances(arch, a, b, 9));
    assert.equal(rows[0].pair, "A vs g·A (same orbit)");
    assert.ok(rows[0].unitNorm > 0.1, "the scales are fixed but the neurons still permuted");
    assert.ok(rows[0].canonical < 1e-4, `canonical ${rows[0].canonical}`);
    assert.ok(rows[0].matched < 1e-4, `matched ${rows[0].matched}`);
    assert.ok(rows[1].canonical > 0.1 && rows[1].matched > 0.1);
    // Like for like: both columns compare the same unit-norm forms, and weight matching starts from the
    // identity (the unsorted order) and only accepts improvements, so it can only shorten the distance.
    assert.ok(rows[1].matched <= rows[1].unitNorm + 1e-6, `matched ${rows[1].matched} ≤ ${rows[1].unitNorm}`);
    [a, b, moved].forEach(disposeParams);
    [X, ya, ym].forEach((t) => t.dispose());
  });
});
