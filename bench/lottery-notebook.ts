/**
 * The lottery notebook's wall time, a bench kept out of `npm run bench` for its length: every experiment unit of
 * notebook 01 in full mode, computed from an empty cache (a temporary folder) in the default pool, queued as the
 * notebook queues them (the IMP runs in one `runJobs`, then pruning at init and stability, which read their IMP
 * runs from the cache).
 *
 * `--as-filed` runs only the work the notebook held when issue 15 set its 12-minute target: the MNIST sweeps
 * (layerwise with controls, global, late rewinding, pruning at init) over 3 seeds and the stability analysis of
 * seed 0; issue 18 later added stability over 3 seeds and Fashion-MNIST. The configs are today's.
 *
 * Usage: npx tsx bench/lottery-notebook.ts [--as-filed]   (about 12 or 24 minutes on 2 cores; set
 *   GAUGELAB_WORKERS=1 to time one worker)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { seedJob } from "../lib/experiment/experiment";
import { defaultWorkers, runJobs, type Job } from "../lib/experiment/pool";
import { DEFAULT_LOTTERY, FASHION_LOTTERY, type LotteryConfig } from "../lib/lottery/config";
import { LOTTERY } from "../lib/lottery/run";
import { DEFAULT_PRUNE_AT_INIT } from "../lib/lottery/prune-at-init-config";
import { PRUNE_AT_INIT } from "../lib/lottery/prune-at-init";
import { DEFAULT_STABILITY, impAtRewind } from "../lib/lottery/stability-config";
import { STABILITY } from "../lib/lottery/stability";

const SEEDS = [0, 1, 2];

async function main(): Promise<void> {
  const asFiled = process.argv.includes("--as-filed");
  const stabilitySeeds = asFiled ? [0] : SEEDS;
  const sweeps: LotteryConfig[] = [
    DEFAULT_LOTTERY,
    { ...DEFAULT_LOTTERY, pruning: { kind: "magnitude-global", rate: 0.2 }, controls: [] },
    { ...DEFAULT_LOTTERY, rewindStep: 100, controls: [] },
    ...(asFiled ? [] : [FASHION_LOTTERY]),
  ];
  const rewound = DEFAULT_STABILITY.rewindSteps.map((k) => impAtRewind(DEFAULT_STABILITY.lottery, k));
  const imp: Job[] = [
    ...sweeps.map((config) => seedJob(LOTTERY, config, SEEDS)),
    ...rewound.map((config) => seedJob(LOTTERY, config, stabilitySeeds)),
  ];
  const after: Job[] = [
    seedJob(PRUNE_AT_INIT, DEFAULT_PRUNE_AT_INIT, SEEDS),
    seedJob(STABILITY, DEFAULT_STABILITY, stabilitySeeds),
  ];
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-bench-lottery-"));
  const load = os.loadavg()[0];
  const workers = defaultWorkers();
  const t0 = performance.now();
  try {
    await runJobs(imp, { cacheDir });
    const t1 = performance.now();
    await runJobs(after, { cacheDir });
    const t2 = performance.now();
    console.log(
      `\nlottery notebook (${asFiled ? "the work it held when issue 15 was filed" : "all of it"}), full mode, ` +
        `from an empty cache, ${workers} worker${workers === 1 ? "" : "s"}, load average ${load.toFixed(2)} before`,
    );
    console.log(`IMP runs                     ${((t1 - t0) / 1000).toFixed(0)} s`);
    console.log(`pruning at init, stability   ${((t2 - t1) / 1000).toFixed(0)} s`);
    console.log(`total                        ${((t2 - t0) / 1000).toFixed(0)} s`);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
