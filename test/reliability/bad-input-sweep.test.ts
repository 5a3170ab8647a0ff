import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeOnBackends } from "../helpers/tf";
import { type Fixtures, makeFixtures } from "./cases/fixtures";
import { modelCases, pruneAndFileCases } from "./cases/core";
import { gaugeCases } from "./cases/gauge";
import { optimizerCases } from "./cases/optimizers";
import { runCases } from "./cases/runs";
import { showCases } from "./cases/show";
import { splineCases } from "./cases/splines";
import { type SweepCase, Tally, runCase } from "./sweep";

/**
 * The bad-input sweep (issue 11, item 8): every exported function that takes options or tensors, called with
 * bad values for each of its options and inputs. Every case must end in an `Error` (or a gaugelab error
 * class) whose message names the option, input, param or file, never a raw engine or tfjs message, and must
 * leak no tensor. The counts by outcome are printed as one line per backend at the end.
 */
const GROUPS: readonly [string, (fx: Fixtures, tmp: string) => SweepCase[]][] = [
  ["model", (fx) => modelCases(fx)],
  ["prune, masks, files", pruneAndFileCases],
  ["gauge", (fx) => gaugeCases(fx)],
  ["data, train, experiments", runCases],
  ["tables, figures, progress", () => showCases()],
  ["ordered bases and notebook 03", () => splineCases()],
  ["optimizers, watermarks, weight measures", () => optimizerCases()],
];

const tallies: string[] = [];

describeOnBackends("bad-input sweep", (backend) => {
  const tally = new Tally();
  let fx: Fixtures;
  let tmp: string;
  before(() => {
    fx = makeFixtures();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-sweep-"));
  });
  after(() => {
    fx.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
    tallies.push(tally.summary(`bad-input sweep [${backend}]`));
  });
  for (const [title, build] of GROUPS) {
    it(`${title}: every case is a clear error naming the input, leaking nothing`, async () => {
      const cases = build(fx, tmp);
      const failures: string[] = [];
      for (const c of cases) {
        const failed = tally.add(`[${backend}]`, c, await runCase(c));
        if (failed) failures.push(failed);
      }
      assert.deepEqual(
        failures,
        [],
        `${failures.length} of ${cases.length} cases failed:\n${failures.join("\n")}`,
      );
    });
  }
});

describe("bad-input sweep summary", () => {
  after(() => {
    for (const line of tallies) console.log(line);
  });
  it("prints the counts by outcome", () => {});
});
