import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { forMode } from "../../lib/experiment/mode";

interface Schedule {
  readonly numSteps: number;
  readonly numRounds: number;
}

const FULL: Schedule = { numSteps: 1500, numRounds: 15 };
const QUICK: Schedule = { numSteps: 150, numRounds: 3 };

describe("forMode", () => {
  it("gives the full config in full mode and the quick one in quick mode", () => {
    assert.equal(forMode(FULL, QUICK, false), FULL);
    assert.equal(forMode(FULL, QUICK, true), QUICK);
  });

  it("calls a shrinking function on the full config, only in quick mode", () => {
    const calls: object[] = [];
    const shrink = (full: Schedule): Schedule => {
      calls.push(full);
      return { ...full, numSteps: 10 };
    };
    assert.equal(forMode(FULL, shrink, false), FULL);
    assert.deepEqual(calls, []);
    assert.deepEqual(forMode(FULL, shrink, true), { numSteps: 10, numRounds: 15 });
    assert.deepEqual(calls, [FULL]);
  });

  it("reads the mode from GAUGELAB_QUICK by default", () => {
    const snippet =
      'const { forMode } = require("./lib/experiment/mode"); process.stdout.write(forMode("full", () => "quick"));';
    for (const [value, want] of [
      ["1", "quick"],
      ["0", "full"],
      ["", "full"],
    ]) {
      const out = spawnSync(process.execPath, ["--import", "tsx", "-e", snippet], {
        encoding: "utf8",
        env: { ...process.env, GAUGELAB_QUICK: value },
      });
      assert.equal(out.status, 0, out.stderr);
      assert.equal(out.stdout, want, `GAUGELAB_QUICK=${JSON.stringify(value)}`);
    }
  });
});
