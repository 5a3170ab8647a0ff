import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { snapshotsAt } from "../../lib/train/callbacks";
import { layerParamNames } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { Mask } from "../../lib/train/mask";
import { disposeParams, type Params } from "../../lib/core/params";
import type { ProgressInfo } from "../../lib/train/progress";
import { train } from "../../lib/train/train";
import type { TrainResult } from "../../lib/train/train-result";
import type { OptimizerConfig } from "../../lib/optim/optimizer";
import type { TrainOptions } from "../../lib/train/train-options";
import { uniformArray } from "../../lib/core/rng";
import { twoMoons } from "../../lib/data/synthetic-2d";
import type { EvalRecord } from "../../lib/train/callbacks";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { ARCH, SGD, moons, run } from "./train-fixture";

useBackend();

const values = (params: Params, name: string) => Array.from(params[name].dataSync());

describe("train", () => {
  it("learns two moons, leaves no tensors behind and does not touch the initial params", async () => {
    const init = initParams(ARCH, { seed: 0 });
    const before = values(init, "dense0/kernel");
    await assertNoLeaks(async () => {
      const r = await train(
        ARCH,
        init,
        { train: moons.train, val: moons.test },
        {
          optimizer: { kind: "momentum", lr: 0.1 },
          seed: 0,
          epochs: 30,
          batchSize: 20,
          handleSigint: false,
        },
      );
      assert.equal(r.numSteps, 30 * 10);
      assert.equal(r.epochs, 30);
      assert.equal(r.trainLoss.length, 300);
      assert.ok(
        r.evals[r.evals.length - 1].val!.accuracy! >= 0.95,
        `val acc ${r.evals.at(-1)?.val?.accuracy}`,
      );
      assert.ok(r.trainLoss[299] < r.trainLoss[0] / 4);
      assert.equal(r.interrupted, false);
      disposeParams(r.params);
    });
    assert.deepEqual(values(init, "dense0/kernel"), before);
    disposeParams(init);
  });

  it("is bit-identical for equal seeds and differs for another shuffle seed", async () => {
    let first: number[] = [];
    await run({}, (r) => (first = values(r.params, "dense1/kernel")));
    await run({}, (r) => assert.deepEqual(values(r.params, "dense1/kernel"), first));
    await run({ seed: 1 }, (r) => assert.notDeepEqual(values(r.params, "dense1/kernel"), first));
  });

  for (const optimizer of [
    SGD,
    { kind: "momentum", lr: 0.1, nesterov: true },
    { kind: "adam", lr: 0.01 },
  ] as OptimizerConfig[]) {
    it(`keeps pruned weights exactly 0 with ${optimizer.kind}, while kept weights train`, async () => {
      const init = initParams(ARCH, { seed: 0 });
      const keep = (name: string, seed: number) =>
        tf.tensor(
          Array.from(uniformArray(init[name].size, seed), (u) => (u < 0.5 ? 1 : 0)),
          init[name].shape,
        );
      const mask = Mask.fromTensors({
        "dense0/kernel": keep("dense0/kernel", 1),
        "dense1/kernel": keep("dense1/kernel", 2),
      });
      const r = await train(
        ARCH,
        init,
        { train: moons.train },
        { optimizer, seed: 0, numSteps: 200, batchSize: 20, mask, handleSigint: false },
      );
      for (const name of mask.names) {
        const m = mask.get(name)!.dataSync();
        const w = r.params[name].dataSync();
        const w0 = init[name].dataSync();
        let moved = 0;
        for (let i = 0; i < m.length; i++) {
          if (m[i] === 0)
            assert.ok(w[i] === 0, `${name}[${i}] pruned but ${w[i]}`); // -0 counts as 0
          else if (w[i] !== w0[i]) moved++;
        }
        assert.ok(moved > 0.5 * mask.get(name)!.sum().dataSync()[0], `${name}: kept weights should train`);
      }
      disposeParams(r.params);
      mask.dispose();
      disposeParams(init);
    });
  }

  it("leaves frozen params bit-identical and trains the rest", async () => {
    await run({ frozen: layerParamNames(ARCH, 0), optimizer: { kind: "adam", lr: 0.01 } }, (r, init) => {
      assert.deepEqual(values(r.params, "dense0/kernel"), values(init, "dense0/kernel"));
      assert.deepEqual(values(r.params, "dense0/bias"), values(init, "dense0/bias"));
      assert.notDeepEqual(values(r.params, "dense1/kernel"), values(init, "dense1/kernel"));
    });
  });

  it("snapshots params for rewinding: the step-k snapshot equals a k-step run", async () => {
    const snaps = snapshotsAt([0, 7]);
    const steps: number[] = [];
    await run(
      { callbacks: [snaps.callbacks, { onStep: (ctx) => void steps.push(ctx.step) }] },
      (_r, init) => {
        assert.deepEqual(values(snaps.taken.get(0)!, "dense0/kernel"), values(init, "dense0/kernel"));
      },
    );
    assert.deepEqual(
      steps,
      Array.from({ length: 51 }, (_, i) => i),
    );
    await run({ numSteps: 7 }, (r) => {
      assert.deepEqual(values(snaps.taken.get(7)!, "dense2/kernel"), values(r.params, "dense2/kernel"));
    });
    const seven = snaps.take(7);
    disposeParams(seven);
    assert.throws(() => snaps.take(7), /no snapshot at step 7; taken: 0/);
    snaps.dispose();
  });

  it("resumes the data order at rewindStep: k steps, then 50 − k from there, equals one 50-step run", async () => {
    let whole: number[] = [];
    await run({}, (r) => (whole = values(r.params, "dense1/kernel")));
    const init = initParams(ARCH, { seed: 0 });
    for (const k of [7, 24]) {
      const first = await train(
        ARCH,
        init,
        { train: moons.train },
        { optimizer: SGD, seed: 0, numSteps: k, batchSize: 20, handleSigint: false },
      );
      const resumed = (rewindStep?: number): Promise<TrainResult> =>
        train(
          ARCH,
          first.params,
          { train: moons.train },
          { optimizer: SGD, seed: 0, numSteps: 50 - k, batchSize: 20, handleSigint: false, rewindStep },
        );
      const [atK, fromStart] = [await resumed(k), await resumed()];
      assert.deepEqual(values(atK.params, "dense1/kernel"), whole, `k ${k}`);
      assert.notDeepEqual(values(fromStart.params, "dense1/kernel"), whole);
      [first, atK, fromStart].forEach((r) => disposeParams(r.params));
    }
    disposeParams(init);
  });

  it("evaluates at intervals, reports the early-stopping step, and stops on patience or a callback", async () => {
    await run({ numSteps: 60, evalEvery: 10 }, (r) => {
      assert.deepEqual(
        r.evals.map((e) => e.step),
        [0, 10, 20, 30, 40, 50, 60],
      );
      const losses = r.evals.map((e) => e.val!.loss);
      assert.equal(r.earlyStopStep, r.evals[losses.indexOf(Math.min(...losses))].step);
      assert.equal(r.evals[0].trainLoss, undefined);
      assert.ok(
        Math.abs(r.evals[1].trainLoss! - r.trainLoss.slice(0, 10).reduce((a, b) => a + b) / 10) < 1e-6,
      );
    });
    await run({ numSteps: 500, evalEvery: 1, patience: 1, optimizer: { kind: "sgd", lr: 5 } }, (r) => {
      assert.equal(r.stoppedEarly, true);
      assert.ok(r.numSteps < 500);
    });
    await run({ callbacks: { onStep: (ctx) => (ctx.step === 12 ? "stop" : undefined) } }, (r) => {
      assert.equal(r.numSteps, 12);
      assert.equal(r.stoppedEarly, true);
    });
  });

  it("reports throttled progress and calls done once", async () => {
    const updates: ProgressInfo[] = [];
    const done: (ProgressInfo | undefined)[] = [];
    const progress = {
      update: (i: ProgressInfo) => void updates.push(i),
      done: (i?: ProgressInfo) => void done.push(i),
    };
    await run({ progress, progressEveryMs: 0, label: "moons" }, () => undefined);
    assert.equal(updates.length, 50);
    assert.deepEqual(
      updates.map((u) => u.step),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.ok(updates.every((u) => u.total === 50 && u.label === "moons" && Number.isFinite(u.loss)));
    assert.equal(done.length, 1);
    assert.equal(done[0]?.step, 50);
    updates.length = 0;
    await run({ progress, progressEveryMs: 1e9 }, () => undefined);
    assert.equal(updates.length, 1, "only the first step is due within the interval");
  });

  describe('testWhen "improved"', () => {
    const data = { train: moons.train, val: moons.test, test: twoMoons({ n: 60, seed: 5, noise: 0.1 }) };
    const opts = {
      optimizer: { kind: "sgd", lr: 1 },
      seed: 4,
      numSteps: 60,
      batchSize: 20,
      evalEvery: 3,
    } as const;

    it("reports the same best, early stop and last test bit for bit, testing only improving evaluations", async () => {
      const init = initParams(ARCH, { seed: 0 });
      const seen: EvalRecord[] = [];
      try {
        await assertNoLeaks(async () => {
          const always = await train(ARCH, init, data, { ...opts, handleSigint: false });
          const improved = await train(ARCH, init, data, {
            ...opts,
            handleSigint: false,
            testWhen: "improved",
            callbacks: { onEval: (record) => void seen.push(record) },
          });
          try {
            assert.deepEqual(improved.best, always.best);
            assert.equal(improved.earlyStopStep, always.earlyStopStep);
            const n = always.evals.length;
            assert.equal(improved.evals.length, n);
            assert.ok(improved.evals[n - 1].test !== undefined);
            assert.deepEqual(improved.evals[n - 1].test, always.evals[n - 1].test);
            assert.deepEqual(
              improved.params["dense1/kernel"].dataSync(),
              always.params["dense1/kernel"].dataSync(),
            );
            let min = Infinity;
            let skipped = 0;
            for (let i = 0; i < n - 1; i++) {
              const [e, a] = [improved.evals[i], always.evals[i]];
              assert.deepEqual(e.val, a.val, `val at evaluation ${i}`);
              if (a.val!.loss < min) {
                min = a.val!.loss;
                assert.deepEqual(e.test, a.test, `test at improving evaluation ${i}`);
              } else {
                assert.equal(e.test, undefined, `test at evaluation ${i}`);
                skipped++;
              }
            }
            assert.ok(skipped > 0, "the run has evaluations without a new val minimum");
            assert.notEqual(improved.best, improved.evals[n - 1], "the last evaluation is not the best one");
            // onEval saw the records as they were then: the last one (not improving) without its test
            assert.deepEqual(seen.slice(0, -1), improved.evals.slice(0, -1));
            assert.equal(seen[n - 1].test, undefined);
          } finally {
            disposeParams(always.params);
            disposeParams(improved.params);
          }
        });
      } finally {
        disposeParams(init);
      }
    });

    it("names the option and the fix when there is no val set or the value is unknown", async () => {
      const init = initParams(ARCH, { seed: 0 });
      try {
        await assert.rejects(
          train(ARCH, init, { train: data.train, test: data.test }, { ...opts, testWhen: "improved" }),
          {
            message:
              'train: testWhen "improved" needs data.val (it tests where the val loss improves); pass data.val ' +
              'or use testWhen "always"',
          },
        );
        const bad = { ...opts, testWhen: "best" } as unknown as TrainOptions;
        await assert.rejects(train(ARCH, init, data, bad), {
          message: 'train: testWhen must be "always" or "improved"; got "best"',
        });
      } finally {
        disposeParams(init);
      }
    });
  });
});
