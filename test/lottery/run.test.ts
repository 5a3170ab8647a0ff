import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { plannedSteps } from "../../lib/lottery/config";
import { lotteryTable } from "../../lib/tables/lottery-report";
import { isCached } from "../../lib/experiment/experiment";
import { ExperimentInterrupted } from "../../lib/experiment/interrupted";
import { LOTTERY, lotteryInit, runLottery } from "../../lib/lottery/run";
import { trainControls } from "../../lib/lottery/controls";
import { lotteryData } from "../../lib/lottery/data";
import { decodeMask } from "../../lib/lottery/mask-codec";
import { disposeParams } from "../../lib/core/params";
import { deriveSeed } from "../../lib/core/rng";
import { train } from "../../lib/train/train";
import { runLotterySeeds } from "../../lib/lottery/seeds";
import type { ProgressSink } from "../../lib/train/progress";
import { recorder } from "../helpers/progress-recorder";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { TINY, tempDir } from "./helpers";

useBackend();

const CONFIG = { ...TINY, numRounds: 2 };

describe("runLottery", () => {
  it("computes once, then a cache hit returns identical results without training", async () => {
    const cacheDir = tempDir();
    const first = await assertNoLeaks(() => runLottery(CONFIG, 0, { cacheDir }));
    assert.ok(isCached(LOTTERY, { config: CONFIG, seed: 0 }, cacheDir));
    const progress = recorder();
    const second = await runLottery(CONFIG, 0, { cacheDir, progress });
    assert.deepEqual(second, first);
    assert.deepEqual(
      progress.infos.map((i) => i.label),
      ["lottery · cached", "lottery · cached"],
    );
    assert.equal(JSON.parse(JSON.stringify(first)).rounds.length, 3, "results are JSON");
    const recomputed = await runLottery(CONFIG, 0, { cacheDir, recompute: true });
    assert.deepEqual(recomputed.rounds, first.rounds, "same seed, same results");
    assert.equal(fs.readdirSync(cacheDir).length, 1);
    fs.rmSync(cacheDir, { recursive: true });
  });

  it("trains the ticket at every round and the controls at the control rounds", async () => {
    const run = await runLottery({ ...TINY, controlEvery: 2 }, 1, { cacheDir: tempDir() });
    assert.deepEqual(
      run.rounds.map((r) => r.round),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      run.controls.map((r) => `${r.round}:${r.kind}`),
      ["2:reinit", "2:randomPrune", "4:reinit", "4:randomPrune"],
    );
    for (const c of run.controls) assert.equal(c.density, run.rounds[c.round].density);
  });

  for (const rewindStep of [0, 10]) {
    it(`trains the controls with the ticket as one population, with the numbers of lone runs (rewind ${rewindStep})`, async () => {
      const config = { ...CONFIG, rewindStep };
      const run = await assertNoLeaks(() => runLottery(config, 2, { cacheDir: tempDir() }));
      const data = lotteryData(config.data);
      for (const round of [1, 2]) {
        const mask = decodeMask(run.masks[round]);
        // θ_k: the dense run's params after k steps, trained alone (as the ticket's round 0 is).
        const init = lotteryInit(config, 2);
        const rewind =
          rewindStep === 0
            ? init
            : (
                await train(config.arch, init, data, {
                  optimizer: config.optimizer,
                  batchSize: config.batchSize,
                  seed: deriveSeed(2, "data"),
                  numSteps: rewindStep,
                  handleSigint: false,
                })
              ).params;
        try {
          const lone = await trainControls(config.controls, mask, rewind, data, config, {
            arch: config.arch,
            init: config.init,
            seed: 2,
            round,
            rewindStep,
            dataSeed: deriveSeed(2, "data"),
            handleSigint: false,
          });
          assert.deepEqual(
            run.controls.filter((c) => c.round === round),
            lone,
          );
        } finally {
          mask.dispose();
          disposeParams(init);
          if (rewind !== init) disposeParams(rewind);
        }
      }
    });
  }

  it("interrupted: throws, frees every tensor and caches nothing", async () => {
    const cacheDir = tempDir();
    const controller = new AbortController();
    const progress: ProgressSink = {
      update: (info) => void (info.step > 50 && controller.abort()),
      done: () => undefined,
    };
    await assertNoLeaks(() =>
      assert.rejects(
        runLottery(CONFIG, 0, { cacheDir, progress, signal: controller.signal }),
        (err: Error) =>
          err instanceof ExperimentInterrupted &&
          /^interrupted during seed 0 · round \d\/2 · [\w +]+; partial results are discarded/.test(
            err.message,
          ),
      ),
    );
    assert.deepEqual(fs.readdirSync(cacheDir), []);
    assert.equal(isCached(LOTTERY, { config: CONFIG, seed: 0 }, cacheDir), false);
  });
});

describe("runLotterySeeds", () => {
  it("aggregates mean and std per round over seeds, with one progress bar over every run", async () => {
    const cacheDir = tempDir();
    const progress = recorder();
    const result = await runLotterySeeds(CONFIG, [0, 1], { cacheDir, progress });
    assert.deepEqual(
      result.kinds.map((k) => k.kind),
      ["ticket", "reinit", "randomPrune"],
    );
    const ticket = result.kinds[0];
    const accs = result.runs.map((run) => run.rounds.map((r) => r.earlyStopTestAcc));
    assert.deepEqual(ticket.metrics.earlyStopTestAcc.values, accs);
    ticket.rounds.forEach((_, j) => {
      const [a, b] = [accs[0][j], accs[1][j]];
      assert.ok(Math.abs(ticket.metrics.earlyStopTestAcc.mean[j] - (a + b) / 2) < 1e-12);
      assert.ok(Math.abs(ticket.metrics.earlyStopTestAcc.std[j] - Math.abs(a - b) / Math.SQRT2) < 1e-12);
    });
    const reinit = result.kinds[1];
    assert.deepEqual(reinit.rounds, [0, 1, 2]);
    assert.equal(reinit.metrics.finalTestAcc.values[1][0], result.runs[1].rounds[0].finalTestAcc);
    // One bar: steps never go back, the total is every run of every seed, and it ends once, full.
    const total = 2 * plannedSteps(CONFIG);
    assert.ok(progress.infos.every((i) => i.total === total));
    progress.infos.forEach((info, i) => i > 0 && assert.ok(info.step >= progress.infos[i - 1].step));
    assert.equal(progress.infos[progress.infos.length - 1].step, total);
    assert.equal(progress.dones, 1);
    const table = lotteryTable(result);
    assert.equal(table.length, 3);
    assert.equal(table[2].remaining, ticket.density[2]);
    assert.equal(table[1]["reinit acc"], reinit.metrics.earlyStopTestAcc.mean[1]);
    // Censored: the minimum validation loss at the last evaluation, counted per point in the table.
    result.kinds.forEach((k) =>
      k.censored.forEach((row, s) =>
        row.forEach((c, j) => {
          const r = k.kind === "ticket" ? result.runs[s].rounds[k.rounds[j]] : undefined;
          if (r) assert.equal(c, r.earlyStopStep === r.curve.step[r.curve.step.length - 1]);
        }),
      ),
    );
    const count = ticket.censored.filter((row) => row[2]).length;
    assert.equal(table[2]["ticket censored"], count > 0 ? `${count}/2` : "");
    // Adding a seed reuses the cached ones.
    const again = recorder();
    await runLotterySeeds(CONFIG, [0, 1], { cacheDir, progress: again });
    assert.ok(again.infos.every((i) => /cached/.test(i.label ?? "")));
    await assert.rejects(runLotterySeeds(CONFIG, []), {
      message: "lottery: seeds is empty; give at least one seed",
    });
  });
});
