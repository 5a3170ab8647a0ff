// A toy experiment for the pool tests, registered when a worker loads this module.
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Experiment } from "../../lib/experiment/experiment";
import { registerExperiment } from "../../lib/experiment/registry";
import { normalTensor } from "../../lib/core/rng";
import { yieldToEventLoop } from "../../lib/train/interrupt";

/** `crash`: the worker dies (once if `marker` is given and then exists, else every time); `fail`: throws. */
export interface ToyUnit {
  readonly seed: number;
  readonly mode?: "crash" | "fail" | "slow";
  readonly marker?: string;
  /**
   * A folder: after its first report a unit waits there until another unit has reported too (then 0.5 s more,
   * for the report to reach the main thread), so two workers are seen running at once however loaded the
   * machine is.
   */
  readonly barrier?: string;
}

/** Waits until `dir` holds at least `n` files (for at most 60 s). */
async function awaitFiles(dir: string, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (fs.readdirSync(dir).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500));
}

export const TOY: Experiment<ToyUnit, { seed: number; sum: number; backend: string }> = registerExperiment({
  name: "pool-toy",
  version: 1,
  check: (unit) => {
    if (!Number.isInteger(unit.seed)) throw new Error("pool-toy: seed must be an integer");
  },
  steps: () => 10,
  async compute(unit, progress) {
    if (unit.mode === "crash" && !(unit.marker && fs.existsSync(unit.marker))) {
      if (unit.marker) fs.writeFileSync(unit.marker, "crashed once");
      // An exception nobody catches kills the worker thread: a crash as the pool sees it.
      setTimeout(() => {
        throw new Error("pool-toy: the worker crashes");
      }, 0);
      await new Promise(() => undefined);
    }
    if (unit.mode === "fail") throw new Error(`pool-toy: unit ${unit.seed} fails on purpose`);
    const sink = progress.stage(`toy ${unit.seed}`, 10);
    for (let step = 1; step <= (unit.mode === "slow" ? 1e9 : 10); step++) {
      sink.update({ step: Math.min(step, 10), total: 10, label: `toy ${unit.seed}` });
      if (step === 1 && unit.barrier) {
        fs.writeFileSync(path.join(unit.barrier, String(unit.seed)), "reported");
        await awaitFiles(unit.barrier, 2);
      }
      await yieldToEventLoop();
    }
    sink.done();
    const sum = tf.tidy(() => normalTensor([1000], unit.seed).sum().dataSync()[0]);
    return { seed: unit.seed, sum, backend: tf.getBackend() };
  },
});
