import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { controlStart, trainControls } from "../../lib/lottery/controls";
import { mlp, prunableParams } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { prune } from "../../lib/prune/registry";
import { Mask } from "../../lib/train/mask";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { KERNELS, TINY, TINY_DATA, maskOf, values } from "./helpers";

useBackend();

describe("controls", () => {
  const rewind = initParams(TINY.arch, { seed: 1 });
  const ones = Mask.ones(rewind, prunableParams(TINY.arch));
  const ticket = prune(TINY.arch, rewind, ones, { kind: "magnitude-layerwise", rate: 0.5, outputRate: 0.3 });
  const options = { arch: TINY.arch, init: TINY.init, seed: 3, round: 2, rewindStep: 0 };
  after(() => {
    disposeParams(rewind);
    ones.dispose();
    ticket.dispose();
  });

  it("reinit keeps the ticket's mask but gives the surviving weights different values", async () => {
    await assertNoLeaks(() => {
      const start = controlStart("reinit", ticket, rewind, options);
      assert.equal(start.mask, ticket);
      assert.equal(start.rewindStep, 0);
      for (const name of KERNELS) {
        const m = maskOf(ticket, name);
        const [fresh, orig] = [values(start.params[name]), values(rewind[name])];
        const same = m.filter((v, i) => v === 1 && fresh[i] === orig[i]).length;
        assert.equal(same, 0, `${name}: ${same} surviving weights kept their ticket value`);
      }
      const again = controlStart("reinit", ticket, rewind, options);
      assert.deepEqual(values(again.params["dense0/kernel"]), values(start.params["dense0/kernel"]));
      start.dispose();
      again.dispose();
    });
  });

  it("random pruning keeps the per-layer counts and the rewind values, but moves the kept positions", async () => {
    await assertNoLeaks(() => {
      const start = controlStart("randomPrune", ticket, rewind, { ...options, rewindStep: 7 });
      assert.equal(start.params, rewind);
      assert.equal(start.rewindStep, 7);
      for (const name of KERNELS) {
        const [a, b] = [maskOf(ticket, name), maskOf(start.mask, name)];
        const count = (m: number[]) => m.reduce((n, v) => n + v, 0);
        assert.equal(count(b), count(a), `${name} kept counts differ`);
        assert.notDeepEqual(b, a, `${name}: the random mask equals the ticket's`);
      }
      const other = controlStart("randomPrune", ticket, rewind, { ...options, round: 3 });
      assert.notDeepEqual(maskOf(other.mask, "dense1/kernel"), maskOf(start.mask, "dense1/kernel"));
      start.dispose();
      other.dispose();
    });
    assert.equal(ticket.numKept > 0, true, "the ticket mask is still alive");
  });

  it("trains each control to a result at the ticket's density", async () => {
    const results = await assertNoLeaks(() =>
      trainControls(["reinit", "randomPrune"], ticket, rewind, TINY_DATA, TINY, { ...options, dataSeed: 5 }),
    );
    assert.deepEqual(
      results.map((r) => r.kind),
      ["reinit", "randomPrune"],
    );
    for (const r of results) {
      assert.equal(r.round, 2);
      assert.equal(r.density, ticket.numKept / ticket.size);
      assert.equal(r.numSteps, TINY.numSteps);
      assert.ok(r.earlyStopTestAcc > 0 && r.earlyStopTestAcc <= 1);
    }
  });

  it("rejects a mask from another architecture", () => {
    const arch = mlp([3, 5, 2]);
    const other = initParams(arch, { seed: 0 });
    const foreign = Mask.ones(other, prunableParams(arch));
    for (const kind of ["reinit", "randomPrune"] as const) {
      assert.throws(
        () => controlStart(kind, foreign, rewind, options),
        new RegExp(
          `${kind} control: the ticket mask does not fit the network: mask entry dense0/kernel is \\[3,5\\]`,
        ),
      );
    }
    foreign.dispose();
    disposeParams(other);
  });
});
