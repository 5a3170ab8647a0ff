import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { train } from "../../lib/train/train";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { ARCH, SGD, moons, run } from "./train-fixture";

useBackend();

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
    const init = initParams(ARCH, { seed: 0 });
    const job = train(ARCH, init, { train: moons.train }, { optimizer: SGD, seed: 0, numSteps: 3 });
    assert.equal(process.listenerCount("SIGINT"), listeners);
    disposeParams((await job).params);
    disposeParams(init);
    assert.equal(process.listenerCount("SIGINT"), listeners);
  });

  it("yields to the event loop, so a timer or SIGINT can stop a long run; the listener is removed", async () => {
    const listeners = process.listenerCount("SIGINT");
    // The timer starts at the first step, once the loop runs (and its listener is registered), so a loaded
    // machine cannot fire it too early; only the loop's yielding lets it fire at all.
    let timer: NodeJS.Timeout | undefined;
    const onStep = (ctx: { step: number }) => {
      if (ctx.step === 1) timer = setTimeout(() => process.emit("SIGINT"), 30);
    };
    await run({ numSteps: 1_000_000, handleSigint: true, yieldEveryMs: 5, callbacks: { onStep } }, (r) => {
      assert.equal(r.interrupted, true);
      assert.ok(r.numSteps > 1 && r.numSteps < 1_000_000);
    });
    clearTimeout(timer);
    assert.equal(process.listenerCount("SIGINT"), listeners);
  });
});
