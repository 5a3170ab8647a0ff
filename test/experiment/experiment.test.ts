import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  type Experiment,
  isCached,
  runExperiment,
  runSeeds,
  runUnit,
  type Seeded,
} from "../../lib/experiment/experiment";
import { ExperimentInterrupted } from "../../lib/experiment/interrupted";
import type { ExperimentOptions } from "../../lib/experiment/options";
import { ExperimentProgress } from "../../lib/experiment/progress";
import { recorder } from "../helpers/progress-recorder";

/** The toy experiment's config: a number to scale the seed by, and a seed at which compute is "interrupted". */
interface ToyConfig {
  readonly scale: number;
  readonly stopAt?: number;
}

/** Steps one toy unit "trains". */
const STEPS = 4;

/**
 * A toy experiment: no training, `compute` returns `scale × seed` and records each call; it reports `STEPS`
 * steps through its stage and throws `ExperimentInterrupted` at the seed `stopAt` (after reporting a step).
 */
function toy(version = 1): Experiment<Seeded<ToyConfig>, { value: number }> & {
  calls: number[];
  seen: ExperimentOptions[];
} {
  const calls: number[] = [];
  const seen: ExperimentOptions[] = [];
  return {
    name: "toy",
    version,
    calls,
    seen,
    check({ config }) {
      if (typeof config.scale !== "number")
        throw new Error(`toy: scale must be a number; got ${config.scale}`);
    },
    steps: () => STEPS,
    async compute({ config, seed }, progress, options) {
      calls.push(seed);
      seen.push(options);
      const sink = progress.stage(`toy seed ${seed}`, STEPS);
      for (let step = 1; step <= STEPS; step++) {
        sink.update({ step, total: STEPS });
        if (seed === config.stopAt) throw new ExperimentInterrupted(`toy: seed ${seed}`);
      }
      sink.done({ step: STEPS, total: STEPS });
      return { value: config.scale * seed };
    },
  };
}

/** One bar: every report has `total`, steps never go back, the last is the total, and it ended once. */
function assertOneBar(sink: ReturnType<typeof recorder>, total: number): void {
  assert.ok(sink.infos.length > 0, "something was reported");
  for (const [i, info] of sink.infos.entries()) {
    assert.equal(info.total, total, `report ${i} has total ${info.total}`);
    if (i > 0) assert.ok(info.step >= sink.infos[i - 1].step, `report ${i} went back to step ${info.step}`);
  }
  assert.equal(sink.infos[sink.infos.length - 1].step, total);
  assert.equal(sink.dones, 1);
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-experiment-"));
}

const CONFIG: ToyConfig = { scale: 3 };

describe("runUnit", () => {
  it("computes once and caches; a hit computes nothing and skips its steps on the bar", async () => {
    const cacheDir = tempDir();
    const exp = toy();
    const unit = { config: CONFIG, seed: 2 };
    assert.equal(isCached(exp, unit, cacheDir), false);
    const sink = recorder();
    const progress = new ExperimentProgress(sink, 2 * STEPS);
    const first = await runUnit(exp, unit, progress, { cacheDir });
    assert.deepEqual(first, { value: 6 });
    assert.ok(isCached(exp, unit, cacheDir));
    assert.equal(progress.done, STEPS);
    const second = await runUnit(exp, unit, progress, { cacheDir });
    assert.deepEqual(second, first);
    assert.deepEqual(exp.calls, [2], "the hit did not compute");
    assert.equal(progress.done, 2 * STEPS);
    assert.deepEqual(sink.infos[sink.infos.length - 1], {
      step: 2 * STEPS,
      total: 2 * STEPS,
      label: "toy · cached",
    });
    assert.equal(fs.readdirSync(cacheDir).length, 1);
  });

  it("recomputes and overwrites with recompute: true, and passes its options to compute", async () => {
    const cacheDir = tempDir();
    const exp = toy();
    const unit = { config: CONFIG, seed: 1 };
    const progress = new ExperimentProgress(undefined, 2 * STEPS);
    await runUnit(exp, unit, progress, { cacheDir });
    const signal = new AbortController().signal;
    const again = await runUnit(exp, unit, progress, { cacheDir, recompute: true, signal });
    assert.deepEqual(again, { value: 3 });
    assert.deepEqual(exp.calls, [1, 1]);
    assert.equal(exp.seen[1].signal, signal);
    assert.equal(fs.readdirSync(cacheDir).length, 1, "overwritten, not added");
  });

  it("misses after a version bump, leaving the old version's result in place", async () => {
    const cacheDir = tempDir();
    const [v1, v2] = [toy(1), toy(2)];
    const unit = { config: CONFIG, seed: 1 };
    await runExperiment(v1, unit, { cacheDir });
    assert.ok(isCached(v1, unit, cacheDir));
    assert.equal(isCached(v2, unit, cacheDir), false, "a new version does not see the old result");
    await runExperiment(v2, unit, { cacheDir });
    assert.deepEqual(v2.calls, [1]);
    assert.ok(isCached(v1, unit, cacheDir) && isCached(v2, unit, cacheDir));
    assert.equal(fs.readdirSync(cacheDir).length, 2);
    await runExperiment(v2, unit, { cacheDir });
    assert.deepEqual(v2.calls, [1], "the new version is cached in turn");
  });

  it("checks the unit before any work", async () => {
    const exp = toy();
    const bad = { config: { scale: "3" } as unknown as ToyConfig, seed: 0 };
    await assert.rejects(runExperiment(exp, bad, { cacheDir: tempDir() }), {
      message: "toy: scale must be a number; got 3",
    });
    assert.deepEqual(exp.calls, []);
  });
});

describe("runExperiment", () => {
  it("reports one bar from 0 to the unit's steps, computed or cached", async () => {
    const cacheDir = tempDir();
    for (const label of ["computed", "cached"]) {
      const sink = recorder();
      await runExperiment(toy(), { config: CONFIG, seed: 0 }, { cacheDir, progress: sink });
      assertOneBar(sink, STEPS);
      assert.equal(
        sink.infos.some((i) => i.label === "toy · cached"),
        label === "cached",
      );
    }
  });
});

describe("runSeeds", () => {
  it("caches each seed on its own, with one progress bar over every seed", async () => {
    const cacheDir = tempDir();
    const exp = toy();
    const sink = recorder();
    const results = await runSeeds(exp, CONFIG, [0, 1, 2], { cacheDir, progress: sink });
    assert.deepEqual(results, [{ value: 0 }, { value: 3 }, { value: 6 }]);
    assert.deepEqual(exp.calls, [0, 1, 2]);
    assertOneBar(sink, 3 * STEPS);
    assert.equal(fs.readdirSync(cacheDir).length, 3);

    // Adding a seed computes only that seed; the cached ones are skipped on the bar.
    const again = recorder();
    const more = await runSeeds(exp, CONFIG, [0, 1, 2, 3], { cacheDir, progress: again });
    assert.deepEqual(
      more.map((r) => r.value),
      [0, 3, 6, 9],
    );
    assert.deepEqual(exp.calls, [0, 1, 2, 3]);
    assertOneBar(again, 4 * STEPS);
    assert.deepEqual(
      again.infos.slice(0, 3).map((i) => [i.step, i.label]),
      [
        [STEPS, "toy · cached"],
        [2 * STEPS, "toy · cached"],
        [3 * STEPS, "toy · cached"],
      ],
    );
    assert.ok(again.infos.slice(3).every((i) => i.step > 3 * STEPS && i.label === "toy seed 3"));
  });

  it("an interrupted seed caches nothing; finished seeds stay cached", async () => {
    const cacheDir = tempDir();
    const exp = toy();
    const config = { ...CONFIG, stopAt: 1 };
    await assert.rejects(runSeeds(exp, config, [0, 1, 2], { cacheDir }), (err: Error) => {
      assert.ok(err instanceof ExperimentInterrupted);
      assert.equal(err.name, "ExperimentInterrupted");
      assert.equal(
        err.message,
        "interrupted during toy: seed 1; partial results are discarded (nothing was cached)",
      );
      return true;
    });
    assert.deepEqual(exp.calls, [0, 1], "seed 2 never started");
    assert.ok(isCached(exp, { config, seed: 0 }, cacheDir));
    assert.equal(isCached(exp, { config, seed: 1 }, cacheDir), false);
    assert.equal(fs.readdirSync(cacheDir).length, 1);
    await assert.rejects(runExperiment(exp, { config, seed: 1 }, { cacheDir }), ExperimentInterrupted);
    assert.equal(fs.readdirSync(cacheDir).length, 1);
  });

  it("refuses empty seeds and bad configs before any work", async () => {
    const exp = toy();
    const cacheDir = tempDir();
    await assert.rejects(runSeeds(exp, CONFIG, [], { cacheDir }), {
      message: "toy: seeds is empty; give at least one seed",
    });
    await assert.rejects(runSeeds(exp, { scale: null } as unknown as ToyConfig, [0, 1], { cacheDir }), {
      message: "toy: scale must be a number; got null",
    });
    assert.deepEqual(exp.calls, []);
    assert.deepEqual(fs.readdirSync(cacheDir), []);
  });
});
