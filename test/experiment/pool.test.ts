import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ExperimentInterrupted } from "../../lib/experiment/interrupted";
import { isCached, seedJob } from "../../lib/experiment/experiment";
import { defaultWorkers, runJobs, runUnits } from "../../lib/experiment/pool";
import { LOTTERY } from "../../lib/lottery/run";
import { projectPath } from "../../lib/core/project";
import type { ProgressInfo } from "../../lib/train/progress";
import { TINY } from "../lottery/helpers";
import { tempDir } from "../helpers/temp-dir";
import { useBackend } from "../helpers/tf";
import { TOY, type ToyUnit } from "./pool-fixture";

useBackend();

const modules = [path.join(__dirname, "pool-fixture.ts")];
const units: ToyUnit[] = [0, 1, 2].map((seed) => ({ seed }));

describe("runUnits (worker pool)", () => {
  it("gives the same results in 0, 1 and 2 workers, caches each unit, and reports every worker's progress", async () => {
    const infos: ProgressInfo[] = [];
    const progress = { update: (i: ProgressInfo) => void infos.push(i), done: () => undefined };
    const inProcess = await runUnits(TOY, units, { workers: 0, cacheDir: tempDir() });
    const one = await runUnits(TOY, units, { workers: 1, modules, cacheDir: tempDir() });
    const cacheDir = tempDir();
    const barrier = tempDir();
    const meeting = units.map((unit) => ({ ...unit, barrier }));
    const two = await runUnits(TOY, meeting, { workers: 2, modules, cacheDir, progress });
    assert.deepEqual(one, inProcess);
    assert.deepEqual(two, inProcess);
    assert.equal(two[0].backend, inProcess[0].backend, "each worker selects the same backend");
    meeting.forEach((unit) => assert.ok(isCached(TOY, unit, cacheDir)));
    assert.ok(
      infos.some((i) => /toy \d \| toy \d/.test(i.label ?? "")),
      "two workers in one label",
    );
    const steps = infos.map((i) => i.step);
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
      "the bar never goes back",
    );
    assert.equal(infos[infos.length - 1].step, 30);
    const again = await runUnits(TOY, units, { workers: 2, modules, cacheDir });
    assert.deepEqual(again, two, "cache hits, no worker needed");
  });

  it("trains lottery seeds in two workers exactly as in this process", async () => {
    const config = { ...TINY, numRounds: 1 };
    const seeded = [0, 1].map((seed) => ({ config, seed }));
    const strip = (runs: { seconds: number }[]) => runs.map(({ seconds: _, ...rest }) => rest);
    const here = await runUnits(LOTTERY, seeded, { workers: 0, cacheDir: tempDir(), handleSigint: false });
    const pool = await runUnits(LOTTERY, seeded, { workers: 2, cacheDir: tempDir(), handleSigint: false });
    assert.deepEqual(strip(pool), strip(here));
  });

  it("runs the jobs of two experiments in one pool, each unit once, with the results of separate runs", async () => {
    const config = { ...TINY, numRounds: 1 };
    const seeded = [0, 1].map((seed) => ({ config, seed }));
    const strip = (runs: unknown[]) => (runs as { seconds: number }[]).map(({ seconds: _, ...rest }) => rest);
    const infos: ProgressInfo[] = [];
    const progress = { update: (i: ProgressInfo) => void infos.push(i), done: () => undefined };
    const cacheDir = tempDir();
    const jobs = [
      { experiment: LOTTERY, units: seeded },
      { experiment: TOY, units },
      { experiment: TOY, units: [units[1]] }, // the same unit again: computed once
    ];
    const both = [...modules, projectPath("lib", "index.ts")]; // the toy's and the kit's experiments
    const [lottery, toys, again] = await runJobs(jobs, {
      workers: 2,
      modules: both,
      cacheDir,
      progress,
      handleSigint: false,
    });
    const here = await runUnits(LOTTERY, seeded, { workers: 0, cacheDir: tempDir(), handleSigint: false });
    assert.deepEqual(strip(lottery), strip(here));
    assert.deepEqual(toys, await runUnits(TOY, units, { workers: 0, cacheDir: tempDir() }));
    assert.deepEqual(again, [toys[1]]);
    const total = seeded.reduce((n, u) => n + LOTTERY.steps(u), 0) + units.length * TOY.steps(units[0]);
    assert.equal(infos[infos.length - 1].total, total, "the duplicate unit counts once on the bar");
    assert.throws(() => seedJob(TOY as never, {}, []), /seeds is empty/);
    await assert.rejects(
      runJobs([{ experiment: TOY } as never]),
      /jobs must be an array of \{ experiment, units \}/,
    );
  });

  it("retries a unit whose worker crashed once; reports one that crashes twice or throws, after the others", async () => {
    const dir = tempDir();
    const cacheDir = path.join(dir, "cache");
    const marker = path.join(dir, "crashed");
    const flaky = [{ seed: 0 }, { seed: 1, mode: "crash", marker }] as ToyUnit[];
    const results = await runUnits(TOY, flaky, { workers: 2, modules, cacheDir });
    assert.equal(results[1].seed, 1, "the retry computed it");
    assert.ok(fs.existsSync(marker));
    const broken = [
      { seed: 0 },
      { seed: 1, mode: "crash" },
      { seed: 2, mode: "fail" },
      { seed: 3 },
    ] as ToyUnit[];
    await assert.rejects(
      runUnits(TOY, broken, { workers: 2, modules, cacheDir }),
      (err: Error) =>
        /pool-toy: 2 of 4 units failed \(the others are cached\)/.test(err.message) &&
        /unit 1 .*its worker died .*, twice/.test(err.message) &&
        /unit 2 .*fails on purpose/.test(err.message),
    );
    assert.ok(isCached(TOY, broken[3], cacheDir), "the others carried on");
  });

  it("the signal stops every worker and caches nothing partial; the pool can run again", async () => {
    const controller = new AbortController();
    const cacheDir = tempDir();
    const progress = {
      update: (i: ProgressInfo) => void (i.step > 0 && controller.abort()),
      done: () => undefined,
    };
    const slow = [0, 1].map((seed) => ({ seed, mode: "slow" })) as ToyUnit[];
    await assert.rejects(
      runUnits(TOY, slow, { workers: 2, modules, cacheDir, progress, signal: controller.signal }),
      (err: Error) =>
        err instanceof ExperimentInterrupted && /pool-toy \(2 units in 2 workers\)/.test(err.message),
    );
    assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json")).length, 0);
    const after = await runUnits(TOY, units.slice(0, 1), { workers: 1, modules, cacheDir });
    assert.equal(after[0].seed, 0);
  });

  it("refuses a cache folder it cannot write, bad worker counts and unregistered modules, before any work", async () => {
    const file = path.join(tempDir(), "not-a-folder");
    fs.writeFileSync(file, "");
    await assert.rejects(
      runUnits(TOY, units, { workers: 2, modules, cacheDir: path.join(file, "cache") }),
      /pool-toy: runUnits: the cache folder .*not-a-folder\/cache is not writable \((ENOTDIR|EEXIST)\); pass another cacheDir/,
    );
    await assert.rejects(
      runUnits(TOY, units, { workers: 1.5, modules }),
      /workers must be an integer ≥ 0; got 1.5/,
    );
    assert.throws(
      () => defaultWorkers({ GAUGELAB_WORKERS: "two" }),
      /GAUGELAB_WORKERS="two" must be an integer/,
    );
    assert.equal(defaultWorkers({ GAUGELAB_WORKERS: "3" }), 3);
  });
});
