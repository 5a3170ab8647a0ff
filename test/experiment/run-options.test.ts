import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { type Experiment, runExperiment, runSeeds } from "../../lib/experiment/experiment";

describe("run options are checked before any work", () => {
  const exp: Experiment<{ seed: number }, number> = {
    name: "toy",
    version: 1,
    check: () => {},
    steps: () => 1,
    compute: async () => {
      throw new Error("computed");
    },
  };

  it("names a progress sink of the wrong shape, a wrong signal and bad seeds", async () => {
    await assert.rejects(runExperiment(exp, { seed: 0 }, { progress: {} as never }), {
      message:
        "toy options: progress must have update(info) and done(info) methods; got an object without update",
    });
    await assert.rejects(runExperiment(exp, { seed: 0 }, { signal: new AbortController() as never }), {
      message:
        "toy options: signal must be an AbortSignal (e.g. new AbortController().signal); got an AbortController (pass its .signal)",
    });
    const seeded = exp as unknown as Experiment<{ config: number; seed: number }, number>;
    await assert.rejects(runSeeds(seeded, 1, [0, 1.5]), {
      message: "toy: seeds must be an array of integers; got [0,1.5]",
    });
    await assert.rejects(runSeeds(seeded, 1, [0], { progress: { update() {} } as never }), {
      message:
        "toy options: progress must have update(info) and done(info) methods; got an object without done",
    });
  });
});
