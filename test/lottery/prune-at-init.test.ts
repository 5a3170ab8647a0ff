import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { plannedSteps } from "../../lib/lottery/config";
import { lotterySeries } from "../../lib/viz/lottery-figures";
import { pruneAtInitMask, pruneAtInitRound, runPruneAtInit } from "../../lib/lottery/prune-at-init";
import {
  DEFAULT_PRUNE_AT_INIT,
  checkPruneAtInit,
  quickPruneAtInit,
  type PruneAtInitConfig,
} from "../../lib/lottery/prune-at-init-config";
import { layerDensityTable } from "../../lib/tables/lottery-report";
import { keptCounts } from "../../lib/lottery/round-result";
import { lotteryInit, runLottery } from "../../lib/lottery/run";
import { disposeParams } from "../../lib/core/params";
import type { ProgressInfo } from "../../lib/train/progress";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { KERNELS, TINY, TINY_DATA, maskCopy, tempDir } from "./helpers";

useBackend();

const CONFIG: PruneAtInitConfig = {
  lottery: { ...TINY, numRounds: 2, controls: [] },
  rounds: [1, 2],
  methods: ["snip", "synflow"],
  snipBatch: 50,
  synflowIterations: 10,
};

describe("runPruneAtInit", () => {
  it("trains one-shot masks at the tickets' densities, per seed and method, cached, with one progress bar", async () => {
    const cacheDir = tempDir();
    const infos: ProgressInfo[] = [];
    const progress = {
      update: (i: ProgressInfo) => void infos.push(i),
      done: (i?: ProgressInfo) => void (i && infos.push(i)),
    };
    const result = await assertNoLeaks(() => runPruneAtInit(CONFIG, [0, 1], { cacheDir, progress }));
    const total = 2 * (plannedSteps(CONFIG.lottery) + 2 * 2 * TINY.numSteps);
    assert.ok(infos.every((i) => i.total === total && i.step <= total));
    assert.equal(infos[infos.length - 1].step, total);

    for (const [s, seed] of [0, 1].entries()) {
      const imp = await runLottery(CONFIG.lottery, seed, { cacheDir }); // a cache hit: the run reused above
      const run = result.runs[s];
      assert.equal(run.seed, seed);
      assert.deepEqual(run.dense, imp.rounds[0], "every method's curve starts at the seed's dense run");
      assert.deepEqual(
        run.results.map((r) => `${r.kind}@${r.round}`),
        ["snip@1", "snip@2", "synflow@1", "synflow@2"],
      );
      for (const r of run.results) {
        const count = (kept: Readonly<Record<string, number>>) => KERNELS.reduce((n, k) => n + kept[k], 0);
        assert.equal(
          count(r.kept),
          count(imp.rounds[r.round].kept),
          "exactly the ticket's number of weights",
        );
        assert.equal(r.numSteps, TINY.numSteps);
      }
      const snip2 = pruneAtInitRound(result, "snip", 2, s);
      assert.equal(snip2, run.results[1]);
      const table = layerDensityTable({ ticket: imp.rounds[2], snip: snip2 }, TINY.arch);
      assert.deepEqual(
        table.map((row) => row.layer),
        [...KERNELS, "total"],
      );
      assert.ok(Math.abs((table[3].ticket as number) - imp.rounds[2].density) < 1e-12);
      assert.ok(Math.abs((table[3].snip as number) - (table[3].ticket as number)) < 1e-12);
    }
    assert.deepEqual(
      result.kinds.map((k) => [k.kind, k.rounds]),
      [
        ["snip", [0, 1, 2]],
        ["synflow", [0, 1, 2]],
      ],
    );
    assert.deepEqual(
      lotterySeries(result, "earlyStopTestAcc").map((s) => [s.name, s.ys.length, s.ys[0].length]),
      [
        ["SNIP at init", 2, 3],
        ["SynFlow at init", 2, 3],
      ],
    );

    assert.throws(
      () => pruneAtInitRound(result, "synflow", 3),
      /no synflow run at round 3 for seed index 0; the result has methods snip, synflow, rounds 1, 2 and 2 seeds/,
    );
    const files = fs.readdirSync(cacheDir).length;
    assert.deepEqual(await runPruneAtInit(CONFIG, [0, 1], { cacheDir }), result);
    assert.equal(fs.readdirSync(cacheDir).length, files, "a second call only reads the cache");
    assert.equal(files, 4, "one IMP run and one pruned-at-init run per seed");
  });

  it("rejects bad configs and empty seeds before any training", async () => {
    assert.throws(
      () => checkPruneAtInit({ ...CONFIG, rounds: [0] }),
      /pruneAtInit: round must be an integer in \[1, numRounds = 2\] \(round 0 is dense\); got 0/,
    );
    assert.throws(() => checkPruneAtInit({ ...CONFIG, rounds: [3] }), /got 3/);
    assert.throws(() => checkPruneAtInit({ ...CONFIG, rounds: [] }), /pruneAtInit: rounds is empty/);
    const grasp = { ...CONFIG, methods: ["grasp"] } as unknown as PruneAtInitConfig;
    assert.throws(() => checkPruneAtInit(grasp), /pruneAtInit: unknown method "grasp"; known: snip, synflow/);
    assert.throws(
      () => checkPruneAtInit({ ...CONFIG, snipBatch: 0 }),
      /pruneAtInit: snipBatch must be a positive integer; got 0/,
    );
    await assert.rejects(runPruneAtInit(CONFIG, []), {
      message: "lottery-prune-at-init: seeds is empty; give at least one seed",
    });
  });

  it("shrinks for quick mode to the quick lottery's rounds", () => {
    const quick = quickPruneAtInit(DEFAULT_PRUNE_AT_INIT);
    assert.doesNotThrow(() => checkPruneAtInit(quick));
    assert.deepEqual(quick.rounds, [1, 2, 3]);
    assert.equal(quick.synflowIterations, 20);
  });
});

describe("pruneAtInitMask", () => {
  it("keeps exactly the asked fraction, is the same for the same seed, and differs between methods", async () => {
    const init = lotteryInit(TINY, 0);
    await assertNoLeaks(() => {
      const [a, b, c] = [
        pruneAtInitMask("snip", TINY.arch, init, TINY_DATA, 0.3, CONFIG, 5),
        pruneAtInitMask("snip", TINY.arch, init, TINY_DATA, 0.3, CONFIG, 5),
        pruneAtInitMask("synflow", TINY.arch, init, TINY_DATA, 0.3, CONFIG, 5),
      ];
      const total = KERNELS.reduce((n, k) => n + init[k].size, 0);
      for (const m of [a, b, c])
        assert.ok(Math.abs(keptCounts(m).density - Math.round(0.3 * total) / total) < 1e-12);
      assert.deepEqual(maskCopy(a), maskCopy(b));
      assert.notDeepEqual(maskCopy(a), maskCopy(c));
      [a, b, c].forEach((m) => m.dispose());
    });
    disposeParams(init);
  });
});
