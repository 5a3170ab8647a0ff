/**
 * `npm run bench`, worker-pool rows: four independent units (LeNet-300-100, Adam, batch 60, each its own seed)
 * through `runUnits` in 1 and then 2 worker threads, from an empty cache each time; wall time and the speed-up.
 * The target of issue 15: 2 workers ≥ 1.8× one (on a machine with 2 free cores).
 *
 * Usage: npx tsx bench/pool.ts [numSteps]   (default 1500 steps per unit: one lottery round, so that worker
 * start-up, a few seconds per worker, does not dominate)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mlp } from "../lib/core/architecture";
import { initParams } from "../lib/core/init";
import { disposeParams } from "../lib/core/params";
import type { Experiment } from "../lib/experiment/experiment";
import { runUnits } from "../lib/experiment/pool";
import { registerExperiment } from "../lib/experiment/registry";
import { train } from "../lib/train/train";
import { BATCH, SIZES, benchData } from "./lenet-setup";

/** One unit: LeNet-300-100 from `seed`, `numSteps` Adam steps; the result is its last loss. */
export const BENCH_UNIT: Experiment<{ seed: number; numSteps: number }, number> = registerExperiment({
  name: "bench-pool-unit",
  version: 1,
  check: () => undefined,
  steps: ({ numSteps }) => numSteps,
  async compute({ seed, numSteps }) {
    const arch = mlp([...SIZES]);
    const init = initParams(arch, { seed });
    const run = await train(
      arch,
      init,
      { train: benchData() },
      {
        optimizer: { kind: "adam", lr: 1.2e-3 },
        seed,
        numSteps,
        batchSize: BATCH,
        handleSigint: false,
      },
    );
    disposeParams(init);
    disposeParams(run.params);
    return run.trainLoss[run.trainLoss.length - 1];
  },
});

async function wallSeconds(
  workers: number,
  numSteps: number,
): Promise<{ seconds: number; losses: number[] }> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-bench-pool-"));
  const units = [0, 1, 2, 3].map((seed) => ({ seed, numSteps }));
  const t0 = performance.now();
  const losses = await runUnits(BENCH_UNIT, units, {
    workers,
    cacheDir,
    modules: [__filename],
    handleSigint: false,
  });
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(cacheDir, { recursive: true });
  return { seconds, losses };
}

async function main(): Promise<void> {
  const numSteps = Number(process.argv[2] ?? 1500);
  const load = os.loadavg()[0];
  const one = await wallSeconds(1, numSteps);
  const two = await wallSeconds(2, numSteps);
  const same = one.losses.every((l, i) => l === two.losses[i]);
  console.log(
    `\nworker pool (4 units × ${numSteps} Adam steps of LeNet-300-100; ${os.availableParallelism()} cores, ` +
      `load average ${load.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after)`,
  );
  console.log(`1 worker   ${one.seconds.toFixed(1)} s`);
  console.log(`2 workers  ${two.seconds.toFixed(1)} s   speed-up ${(one.seconds / two.seconds).toFixed(2)}×`);
  console.log(`results identical in 1 and 2 workers: ${same}`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
