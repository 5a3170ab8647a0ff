import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { regressionDataset, splitDataset } from "../../lib/data/dataset";
import { twoMoons } from "../../lib/data/synthetic-2d";
import { snapshotsAt } from "../../lib/nn/callbacks";
import { layerParamNames } from "../../lib/nn/freeze";
import { initMlp } from "../../lib/nn/init";
import { Mask } from "../../lib/nn/mask";
import { disposeParams, type Params } from "../../lib/nn/params";
import type { ProgressInfo } from "../../lib/nn/progress";
import { train, type TrainResult } from "../../lib/nn/train";
import type { TrainOptions } from "../../lib/nn/train-options";
import type { OptimizerConfig } from "../../lib/optim/optimizer";
import { uniformArray } from "../../lib/rng";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

const moons = splitDataset(twoMoons({ n: 240, seed: 1, noise: 0.1 }), { seed: 2, numTest: 40 });
const SIZES = [2, 16, 16, 2];
const SGD: OptimizerConfig = { kind: "sgd", lr: 0.2 };

/** Trains a fresh [2,16,16,2] net on two moons and hands the result to `check`, then frees everything. */
async function run(
  options: Partial<TrainOptions>,
  check: (r: TrainResult, init: Params) => void,
): Promise<void> {
  const init = initMlp(SIZES, { seed: 0 });
  try {
    const result = await train(
      init,
      { train: moons.train, val: moons.test },
      {
        optimizer: SGD,
        seed: 0,
        numSteps: 50,
        batchSize: 20,
        handleSigint: false,
        ...options,
      },
    );
    try {
      check(result, init);
    } finally {
      disposeParams(result.params);
    }
  } finally {
    disposeParams(init);
  }
}

const values = (params: Params, name: string) => Array.from(params[name].dataSync());

describe("train", () => {
  it("learns two moons, leaves no tensors behind and does not touch the initial params", async () => {
    const init = initMlp(SIZES, { seed: 0 });
    const before = values(init, "dense0/kernel");
    await assertNoLeaks(async () => {
      const r = await train(
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
      const init = initMlp(SIZES, { seed: 0 });
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
    await run({ frozen: layerParamNames(0), optimizer: { kind: "adam", lr: 0.01 } }, (r, init) => {
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

  it("resumes the data order at dataStartStep: k steps, then 50 − k from there, equals one 50-step run", async () => {
    let whole: number[] = [];
    await run({}, (r) => (whole = values(r.params, "dense1/kernel")));
    const init = initMlp(SIZES, { seed: 0 });
    for (const k of [7, 24]) {
      const first = await train(
        init,
        { train: moons.train },
        { optimizer: SGD, seed: 0, numSteps: k, batchSize: 20, handleSigint: false },
      );
      const resumed = (dataStartStep?: number): Promise<TrainResult> =>
        train(
          first.params,
          { train: moons.train },
          { optimizer: SGD, seed: 0, numSteps: 50 - k, batchSize: 20, handleSigint: false, dataStartStep },
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
});

describe("train: interruption", () => {
  it("stops at the next step boundary on AbortSignal and returns what was trained, leaking nothing", async () => {
    const ac = new AbortController();
    await assertNoLeaks(() =>
      run({ signal: ac.signal, callbacks: { onStep: (ctx) => void (ctx.step === 9 && ac.abort()) } }, (r) => {
        assert.equal(r.interrupted, true);
        assert.equal(r.numSteps, 9);
        assert.equal(r.trainLoss.length, 9);
      }),
    );
  });

  it("registers its SIGINT listener only after the caller's synchronous part (tslab's breakOnSigint window)", async () => {
    const listeners = process.listenerCount("SIGINT");
    const init = initMlp(SIZES, { seed: 0 });
    const job = train(init, { train: moons.train }, { optimizer: SGD, seed: 0, numSteps: 3 });
    assert.equal(process.listenerCount("SIGINT"), listeners);
    disposeParams((await job).params);
    disposeParams(init);
    assert.equal(process.listenerCount("SIGINT"), listeners);
  });

  it("yields to the event loop, so a timer or SIGINT can stop a long run; the listener is removed", async () => {
    const listeners = process.listenerCount("SIGINT");
    const timer = setTimeout(() => process.emit("SIGINT"), 30);
    await run({ numSteps: 1_000_000, handleSigint: true, yieldEveryMs: 5 }, (r) => {
      assert.equal(r.interrupted, true);
      assert.ok(r.numSteps > 0 && r.numSteps < 1_000_000);
    });
    clearTimeout(timer);
    assert.equal(process.listenerCount("SIGINT"), listeners);
  });
});

describe("train: bad input", () => {
  const expectError = async (options: Partial<TrainOptions>, pattern: RegExp, data?: object) => {
    const init = initMlp(SIZES, { seed: 0 });
    await assertNoLeaks(() =>
      assert.rejects(
        train(
          init,
          { train: moons.train, ...data },
          { optimizer: SGD, seed: 0, numSteps: 5, handleSigint: false, ...options },
        ),
        pattern,
      ),
    );
    disposeParams(init);
  };

  it("rejects bad options and data before doing anything", async () => {
    await expectError({ optimizer: { kind: "sgd", lr: 0 } }, /sgd: lr must be a finite number > 0; got 0/);
    await expectError(
      { optimizer: { kind: "adam", lr: -1 } },
      /adam: lr must be a finite number > 0; got -1/,
    );
    await expectError({ epochs: 2 }, /train: give exactly one of numSteps or epochs/);
    await expectError({ batchSize: 0 }, /train: batchSize must be a positive integer; got 0/);
    await expectError({ dataStartStep: 1.5 }, /train: dataStartStep must be an integer ≥ 0; got 1.5/);
    await expectError(
      { frozen: ["dense9/kernel"] },
      /cannot freeze dense9\/kernel: params have dense0\/kernel/,
    );
    await expectError({ patience: 2 }, /train: patience needs data.val/);
    const threeFeatures = regressionDataset("three", new Float32Array(6), new Float32Array(4), 3, 2);
    await expectError({}, /train: train data three is 3 → 2 but the params map 2 → 2/, {
      train: threeFeatures,
    });
    const empty = {
      ...moons.train,
      name: "empty",
      X: new Float32Array(0),
      y: new Float32Array(0),
      labels: new Int32Array(0),
      numExamples: 0,
    };
    await expectError({}, /empty: the dataset is empty \(0 examples\)/, { train: empty });
    const X = moons.train.X.slice();
    X[7] = NaN;
    await expectError({}, /bad: X holds NaN at example 3, column 1/, {
      train: { ...moons.train, name: "bad", X },
    });
  });

  it("rejects an unknown activation, naming the supported ones", async () => {
    await expectError(
      { activation: "tanh" as "relu" },
      /^Error: train: unknown activation "tanh"; use one of relu, linear, leakyRelu$/,
    );
  });

  it("rejects initial params holding NaN or Inf, naming the param", async () => {
    for (const [name, bad] of [
      ["dense0/kernel", NaN],
      ["dense2/bias", -Infinity],
    ] as const) {
      const init = initMlp(SIZES, { seed: 0 });
      const values = init[name].dataSync().slice();
      values[1] = bad;
      const poisoned = { ...init, [name]: tf.tensor(values, init[name].shape) };
      await assertNoLeaks(() =>
        assert.rejects(
          train(
            poisoned,
            { train: moons.train },
            { optimizer: SGD, seed: 0, numSteps: 5, handleSigint: false },
          ),
          {
            message:
              `train: ${name} holds NaN or Inf values; start from finite params (e.g. fresh ones from ` +
              "g.initMlp(...)) and check what produced these",
          },
        ),
      );
      poisoned[name].dispose();
      disposeParams(init);
    }
  });

  it("rejects masks of the wrong shape or with values other than 0/1", async () => {
    const wrong = Mask.fromTensors({ "dense0/kernel": tf.ones([3, 16]) });
    await expectError({ mask: wrong }, /mask entry dense0\/kernel is \[3,16\] but the parameter is \[2,16\]/);
    wrong.dispose();
    const stray = Mask.fromTensors({ "dense7/kernel": tf.ones([2, 16]) });
    await expectError({ mask: stray }, /mask entry dense7\/kernel has no parameter of that name/);
    stray.dispose();
    const half = tf.fill([2, 16], 0.5);
    assert.throws(
      () => Mask.fromTensors({ "dense0/kernel": half }),
      /mask entry dense0\/kernel holds values other than 0 and 1/,
    );
    half.dispose();
  });

  it("stops with the step number when the loss becomes NaN/Inf, leaking nothing", async () => {
    // A bias-only fit of one example (x = 0, y = 1) from b = 0: MSE's gradient is 2r for the residual r = b - y,
    // so SGD with lr 50 maps r to (1 - 2·50) r = -99 r and the loss r² = 99^(2k) at step k. Float32 holds
    // 99^18 ≈ 8.3e35 (step 9) but not 99^20 ≈ 8.2e39: the first non-finite loss is Infinity at step 10.
    const init = initMlp([1, 1], { seed: 0 });
    const data = regressionDataset("one point", new Float32Array([0]), new Float32Array([1]), 1, 1);
    const options = { optimizer: { kind: "sgd", lr: 50 }, seed: 0, handleSigint: false } as const;
    const ten = await train(init, { train: data }, { ...options, numSteps: 10 });
    assertClose(
      Array.from(ten.trainLoss, Math.log10),
      Array.from({ length: 10 }, (_, k) => 2 * k * Math.log10(99)),
    );
    disposeParams(ten.params);
    await assertNoLeaks(() =>
      assert.rejects(train(init, { train: data }, { ...options, numSteps: 200 }), {
        message:
          "training diverged: the loss is Infinity at step 10 (epoch 10); lower lr, or check the data and the " +
          "initialisation",
      }),
    );
    disposeParams(init);
  });
});
