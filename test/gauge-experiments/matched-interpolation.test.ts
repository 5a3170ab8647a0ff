import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spirals } from "../../lib/data/synthetic-2d";
import { permutationSpec } from "../../lib/gauge/permutation-spec";
import { permute } from "../../lib/gauge/permute";
import { randomPerms } from "../../lib/gauge/random-group";
import { invertPerm } from "../../lib/gauge/perm";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { isCached, runExperiment } from "../../lib/experiment/experiment";
import {
  ALIGN_METHODS,
  MATCHED_INTERPOLATION,
  matchedInterpolation,
} from "../../lib/gauge-experiments/matched-interpolation";
import { PAIR, trainPair } from "../../lib/gauge-experiments/pair";
import { interpolationFigure } from "../../lib/viz/gauge-figures";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { randomMlp } from "../gauge/helpers";
import { TINY_PAIR, tempDir } from "./helpers";

useBackend();

const data = {
  train: spirals({ n: 120, numClasses: 3, seed: 1, noise: 0.05 }),
  test: spirals({ n: 60, numClasses: 3, seed: 2, noise: 0.05 }),
};

describe("matchedInterpolation", () => {
  it("recovers a hidden permutation: matched curves are flat, the naive one is not", async () => {
    const { arch } = TINY_PAIR;
    const pair = await trainPair(TINY_PAIR, { cacheDir: tempDir() });
    const a = pair.a;
    disposeParams(pair.b);
    const perms = randomPerms(permutationSpec(arch), 3);
    const b = permute(arch, a, perms);
    const result = await assertNoLeaks(() => matchedInterpolation(arch, a, b, data, { numPoints: 7 }));
    assert.deepEqual(
      result.rows.map((r) => r.method),
      ALIGN_METHODS,
    );
    assert.deepEqual(Object.keys(result.curves.naive), ["train", "test"]);
    assert.equal(result.curves["weight matching"].test.t.length, 7);
    // permute(b, p) = a means p undoes perms: p[perms[i]] = i.
    assert.deepEqual(result.perms.weight.P_0, invertPerm(perms.P_0));
    assert.deepEqual(result.perms.weight.P_1, invertPerm(perms.P_1));
    for (const method of ["weight matching", "activation matching"] as const) {
      const loss = result.curves[method].train.loss;
      assert.ok(Math.max(...loss) - Math.min(...loss) < 1e-5, `${method}: flat curve ${loss}`);
    }
    const naive = result.rows[0]["train barrier"] as number;
    assert.ok(naive > 1e-3, `naive barrier ${naive}`);
    assert.ok((result.rows[1]["train barrier"] as number) < 1e-5);
    assert.equal(typeof result.rows[0]["test min acc"], "number");
    [a, b].forEach(disposeParams);
  });

  it("draws one line per alignment and names a missing dataset", () => {
    const arch = mlp([2, 8, 3]);
    const a = randomMlp(arch, 1);
    const b = randomMlp(arch, 2);
    const result = matchedInterpolation(arch, a, b, { test: data.test }, { numPoints: 3 });
    const fig = interpolationFigure(result, "test", "acc");
    assert.equal(fig.data.length, 3);
    assert.deepEqual(
      fig.data.map((t) => t.name),
      ALIGN_METHODS,
    );
    assert.throws(() => interpolationFigure(result, "val"), {
      message: 'interpolationFigure: no curves for dataset "val"',
    });
    assert.throws(() => matchedInterpolation(arch, a, b, {}), {
      message: "matchedInterpolation: give at least one dataset",
    });
    [a, b].forEach(disposeParams);
  });

  it("runs on the cached pair as an experiment, reusing the pair and caching the curves", async () => {
    const cacheDir = tempDir();
    const config = { pair: TINY_PAIR, numPoints: 5, seed: 0 };
    const result = await assertNoLeaks(() => runExperiment(MATCHED_INTERPOLATION, config, { cacheDir }));
    assert.ok(isCached(PAIR, TINY_PAIR, cacheDir) && isCached(MATCHED_INTERPOLATION, config, cacheDir));
    const pair = await trainPair(TINY_PAIR, { cacheDir });
    const direct = matchedInterpolation(
      TINY_PAIR.arch,
      pair.a,
      pair.b,
      { train: pair.data.train, test: pair.data.test },
      { numPoints: 5, seed: 0 },
    );
    [pair.a, pair.b].forEach(disposeParams);
    assert.deepEqual(
      JSON.parse(JSON.stringify(direct)),
      result,
      "the experiment is matchedInterpolation on the pair",
    );
    assert.equal(result.curves.naive.test.t.length, 5);
    assert.deepEqual(await runExperiment(MATCHED_INTERPOLATION, config, { cacheDir }), result);
    await assert.rejects(runExperiment(MATCHED_INTERPOLATION, { ...config, numPoints: 1 }, { cacheDir }), {
      message: "interpolation: numPoints must be an integer ≥ 2; got 1",
    });
  });
});
