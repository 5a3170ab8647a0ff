import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { twoMoons } from "../../lib/data/synthetic-2d";
import { checkParams, mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { takeInterrupted } from "../../lib/train/interrupted-run";
import { disposeParams } from "../../lib/core/params";
import { train } from "../../lib/train/train";
import type { TrainResult } from "../../lib/train/train-result";
import type { TrainOptions } from "../../lib/train/train-options";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { fakeKernel } from "../viz/kernel-fake";

useBackend();

const moons = twoMoons({ n: 100, seed: 1 });
const ARCH = mlp([2, 8, 2]);
const NOTHING_KEPT =
  "no training run was interrupted since the last takeInterrupted(); it keeps runs that Jupyter's stop " +
  "button ended in a kernel (elsewhere, and with options.signal, train() returns the result itself)";
const kept = (numSteps: number) =>
  `train: stopped by the stop button (SIGINT) after ${numSteps} steps; tslab has already failed the cell, ` +
  "so the result is kept: get it with g.takeInterrupted()";

/** Trains a fresh [2, 8, 2] net for up to 1,000 steps, sending SIGINT (what the stop button sends) at step `at`. */
async function sigintAt(at: number, options: Partial<TrainOptions> = {}): Promise<TrainResult> {
  const init = initParams(ARCH, { seed: 0 });
  try {
    return await train(
      ARCH,
      init,
      { train: moons },
      {
        optimizer: { kind: "sgd", lr: 0.1 },
        seed: 0,
        numSteps: 1000,
        batchSize: 20,
        callbacks: { onStep: (ctx) => void (ctx.step === at && process.emit("SIGINT")) },
        ...options,
      },
    );
  } finally {
    disposeParams(init);
  }
}

/** Runs `fn` as if inside a tslab kernel that is executing a cell. */
async function inFakeKernel(fn: () => Promise<void>): Promise<void> {
  const kernel = fakeKernel();
  try {
    await fn();
  } finally {
    kernel.restore();
  }
}

describe("takeInterrupted", () => {
  it("says what it keeps when no run was interrupted", () => {
    assert.throws(() => takeInterrupted(), { message: NOTHING_KEPT });
  });

  it("in a kernel, hands over the run SIGINT ended (train rejects), once, leaking nothing", async () => {
    await inFakeKernel(() =>
      assertNoLeaks(async () => {
        await assert.rejects(sigintAt(9), { message: kept(9) });
        const r = takeInterrupted();
        assert.equal(r.interrupted, true);
        assert.equal(r.numSteps, 9);
        assert.equal(r.trainLoss.length, 9);
        checkParams(ARCH, r.params, "takeInterrupted"); // the params of the architecture trained
        assert.ok(Object.values(r.params).every((t) => !t.isDisposed));
        disposeParams(r.params);
        assert.throws(() => takeInterrupted(), { message: NOTHING_KEPT });
      }),
    );
  });

  it("keeps only the latest interrupted run and disposes the params of the one never taken", async () => {
    await inFakeKernel(() =>
      assertNoLeaks(async () => {
        await assert.rejects(sigintAt(5), { message: kept(5) });
        await assert.rejects(sigintAt(7), { message: kept(7) });
        const r = takeInterrupted();
        assert.equal(r.numSteps, 7);
        disposeParams(r.params);
      }),
    );
  });

  it("keeps nothing when the caller gets the result: an AbortSignal in a kernel, SIGINT outside one", async () => {
    const ac = new AbortController();
    await inFakeKernel(async () => {
      const r = await sigintAt(-1, {
        signal: ac.signal,
        callbacks: { onStep: (ctx) => void (ctx.step === 4 && ac.abort()) },
      });
      assert.equal(r.interrupted, true);
      assert.equal(r.numSteps, 4);
      disposeParams(r.params);
    });
    const r = await sigintAt(3);
    assert.equal(r.interrupted, true);
    assert.equal(r.numSteps, 3);
    disposeParams(r.params);
    assert.throws(() => takeInterrupted(), { message: NOTHING_KEPT });
  });
});
