import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { checkLotteryConfig } from "../../lib/lottery/config";
import { runImp } from "../../lib/lottery/imp";
import { mlp, prunableParams } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { ExperimentInterrupted } from "../../lib/experiment/interrupted";
import { snapshotsAt } from "../../lib/train/callbacks";
import { Mask } from "../../lib/train/mask";
import { train } from "../../lib/train/train";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { KERNELS, TINY, TINY_DATA, maskCopy, maskOf, paramsCopy, values } from "./helpers";

useBackend();

describe("runImp", () => {
  const params = initParams(TINY.arch, { seed: 1 });
  after(() => disposeParams(params));

  it("keeps pruned weights exactly zero through training, round after round", async () => {
    let checked = 0;
    await assertNoLeaks(() =>
      runImp(params, TINY_DATA, TINY, {
        seed: 5,
        callbacks: {
          onRound: ({ round, mask, trained }) => {
            for (const name of KERNELS) {
              const m = maskOf(mask, name);
              const w = values(trained[name]);
              const pruned = m.filter((v) => v === 0).length;
              assert.equal(pruned > 0, round > 0, `round ${round} ${name} has ${pruned} pruned weights`);
              m.forEach(
                (v, i) => v === 0 && assert.equal(w[i], 0, `${name}[${i}] moved off 0 in round ${round}`),
              );
            }
            checked++;
          },
        },
      }),
    );
    assert.equal(checked, TINY.numRounds + 1);
  });

  it("prunes 20% of the remaining hidden and 10% of the output weights per round, exactly as counts", async () => {
    const result = await runImp(params, TINY_DATA, TINY, { seed: 5 });
    const sizes = KERNELS.map((name) => params[name].size);
    let expected = [...sizes];
    result.rounds.forEach((r, round) => {
      assert.deepEqual(
        KERNELS.map((name) => r.kept[name]),
        expected,
        `round ${round}`,
      );
      const total = sizes.reduce((a, b) => a + b, 0);
      assert.equal(r.density, expected.reduce((a, b) => a + b, 0) / total);
      // Hidden layers follow 0.8^r up to one weight of rounding per round.
      for (const l of [0, 1]) assert.ok(Math.abs(expected[l] - sizes[l] * 0.8 ** round) <= round);
      expected = expected.map((n, l) => n - Math.round((l === 2 ? 0.1 : 0.2) * n));
    });
  });

  it("rewinds the survivors to exactly their step-k values (k = 0: the init)", async () => {
    for (const k of [0, 15]) {
      const mask = Mask.ones(params, prunableParams(TINY.arch));
      const snaps = snapshotsAt([k]);
      const dense = await train(TINY.arch, params, TINY_DATA, {
        optimizer: TINY.optimizer,
        batchSize: TINY.batchSize,
        evalEvery: TINY.evalEvery,
        numSteps: TINY.numSteps,
        seed: 5,
        mask,
        callbacks: snaps.callbacks,
      });
      const thetaK = paramsCopy(snaps.take(k));
      const masks: Record<string, number[]>[] = [];
      const seen: Record<string, number[]>[] = [];
      const res = await runImp(
        params,
        TINY_DATA,
        { ...TINY, rewindStep: k, numRounds: 2 },
        {
          seed: 5,
          callbacks: {
            onRoundStart: ({ mask: m }) => void masks.push(maskCopy(m)),
            train: { onStep: (ctx) => void (ctx.step === 0 && seen.push(paramsCopy(ctx.params))) },
          },
        },
      );
      assert.equal(seen.length, 3);
      for (let round = 1; round <= 2; round++) {
        const m = masks[round];
        for (const name of Object.keys(thetaK)) {
          const keep = m[name] ?? thetaK[name].map(() => 1);
          const want = thetaK[name].map((v, i) => (keep[i] === 1 ? v : 0));
          assert.deepEqual(seen[round][name], want, `round ${round} ${name} (k = ${k})`);
        }
        assert.equal(res.rounds[round].numSteps, TINY.numSteps - k);
        assert.ok(res.rounds[round].earlyStopStep >= k);
      }
      disposeParams(dense.params);
      snaps.dispose();
      mask.dispose();
    }
  });

  it("gives identical masks and results from the same seed, different masks from another", async () => {
    const a = await runImp(params, TINY_DATA, TINY, { seed: 5 });
    const b = await runImp(params, TINY_DATA, TINY, { seed: 5 });
    const c = await runImp(params, TINY_DATA, TINY, { seed: 6 });
    assert.deepEqual(b.masks, a.masks);
    assert.deepEqual(b.rounds, a.rounds);
    assert.notDeepEqual(c.masks[TINY.numRounds].bits, a.masks[TINY.numRounds].bits);
  });

  it("supports global pruning with the output layer unpruned", async () => {
    const spec = { ...TINY, numRounds: 2, pruning: { kind: "magnitude-global" as const, rate: 0.2 } };
    const res = await runImp(params, TINY_DATA, spec, { seed: 5 });
    const out = params["dense2/kernel"].size;
    assert.deepEqual(
      res.rounds.map((r) => r.kept["dense2/kernel"]),
      [out, out, out],
    );
    const hidden = (r: (typeof res.rounds)[number]) => r.kept["dense0/kernel"] + r.kept["dense1/kernel"];
    assert.equal(hidden(res.rounds[1]), hidden(res.rounds[0]) - Math.round(0.2 * hidden(res.rounds[0])));
  });

  it("rejects bad input with clear errors before training", async () => {
    const run = (spec: object, extra: object = {}) =>
      runImp(params, TINY_DATA, { ...TINY, ...spec }, { seed: 5, ...extra });
    const lw = TINY.pruning;
    await assert.rejects(
      run({ pruning: { ...lw, rate: 1.5 } }),
      /magnitude-layerwise: rate must be in \(0, 1\); got 1.5/,
    );
    await assert.rejects(run({ pruning: { ...lw, outputRate: 0 } }), /outputRate must be in \(0, 1\); got 0/);
    await assert.rejects(
      run({ pruning: { kind: "magnitude-global", rate: -0.2 } }),
      /magnitude-global: rate must be in \(0, 1\); got -0.2/,
    );
    await assert.rejects(
      run({ pruning: { ...lw, layers: ["dense7/kernel"] } }),
      /unknown layer dense7\/kernel; did you mean "dense0\/kernel"\? \(valid layers: dense0\/kernel, dense1\/kernel, dense2\/kernel\)/,
    );
    await assert.rejects(
      run({ rewindStep: 40 }),
      /rewindStep 40 is beyond the training length: it must be an integer in \[0, numSteps = 40\)/,
    );
    assert.throws(() => checkLotteryConfig({ ...TINY, rewindStep: 99 }), /rewindStep 99 is beyond/);
    const arch = mlp([3, 5, 2]);
    const other = initParams(arch, { seed: 0 });
    const foreign = Mask.ones(other, prunableParams(arch));
    await assert.rejects(
      run({}, { initialMask: foreign }),
      /initial mask does not fit the params: mask entry dense0\/kernel is \[3,5\] but the parameter is \[2,24\]/,
    );
    foreign.dispose();
    disposeParams(other);
  });

  it("stops cleanly on an abort: throws ExperimentInterrupted and frees every tensor", async () => {
    const controller = new AbortController();
    await assertNoLeaks(async () => {
      await assert.rejects(
        runImp(params, TINY_DATA, TINY, {
          seed: 5,
          signal: controller.signal,
          callbacks: { onRound: ({ round }) => void (round === 1 && controller.abort()) },
        }),
        (err: Error) =>
          err instanceof ExperimentInterrupted &&
          /^interrupted during round 2\/4 · ticket; partial results are discarded \(nothing was cached\)$/.test(
            err.message,
          ),
      );
    });
  });
});
