/**
 * `npm run bench`, population rows: K LeNet-300-100 members (batch 60) trained in one pass by `trainPopulation`
 * on MNIST-10k, with SGD and with Adam, in nets·steps/s and as a fraction of the wasm matmul roofline (the
 * 1024² matMul speed over the model's FLOPs per step, as bench/run.ts computes it), next to one lone `train` run.
 * Each row runs twice, side by side: with dense inputs (`sparseInputs: false`, the roofline's work) and with the
 * default sparse inputs (MNIST's digits multiplied by their nonzeros only, the same numbers).
 * Where /usr/bin/python3 has torch, the same population in PyTorch on one thread (bmm over stacked members).
 *
 * Usage: npx tsx bench/population.ts [numSteps]   (default 300 measured steps per row, after 50 warm-up steps:
 *   rows of 60 steps, a fifth of a second, did not repeat from run to run)
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../lib/core/backend";
import { mlp } from "../lib/core/architecture";
import { initParams } from "../lib/core/init";
import { disposeParams } from "../lib/core/params";
import type { OptimizerConfig } from "../lib/optim/optimizer";
import { trainPopulation } from "../lib/train/population";
import { train } from "../lib/train/train";
import { BATCH, FLOPS_PER_STEP, SEED, SIZES, benchData, writeTorchInputs } from "./lenet-setup";

const PYTHON = "/usr/bin/python3";
const SIZES_K = [1, 4, 8, 16];
/** Steps run, untimed, before each row: enough that a row does not time code that is still warming up. */
const WARM_UP_STEPS = 50;
const OPTIMIZERS: OptimizerConfig[] = [
  { kind: "sgd", lr: 0.1 },
  { kind: "adam", lr: 1.2e-3 },
];

function matmulGflops(n = 1024): number {
  const [a, b] = [tf.randomUniform([n, n], 0, 1, "float32", 1), tf.randomUniform([n, n], 0, 1, "float32", 2)];
  tf.matMul(a, b).dispose();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) tf.matMul(a, b).dataSync();
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * n ** 3 * 3) / seconds / 1e9;
}

/** nets·steps/s of a population of K members (K = 0: one lone `train` run), with sparse or dense inputs. */
async function netStepsPerSecond(
  K: number,
  optimizer: OptimizerConfig,
  numSteps: number,
  sparseInputs: boolean,
): Promise<number> {
  const arch = mlp([...SIZES]);
  const initials = Array.from({ length: Math.max(K, 1) }, (_, k) => initParams(arch, { seed: SEED + k }));
  const data = { train: benchData() };
  const options = { optimizer, seed: SEED, batchSize: BATCH, handleSigint: false, sparseInputs };
  try {
    const timed = async (steps: number) => {
      const t0 = performance.now();
      const runs =
        K === 0
          ? [await train(arch, initials[0], data, { ...options, numSteps: steps })]
          : await trainPopulation(arch, initials, data, { ...options, numSteps: steps });
      const seconds = (performance.now() - t0) / 1000;
      runs.forEach((r) => disposeParams(r.params));
      return seconds;
    };
    await timed(WARM_UP_STEPS);
    const seconds = (await timed(numSteps + 5)) - (await timed(5));
    return (Math.max(K, 1) * numSteps) / seconds;
  } finally {
    initials.forEach(disposeParams);
  }
}

function torchPopulation(numSteps: number): Record<string, number> | string {
  const probe = spawnSync(PYTHON, ["-c", "import torch, numpy"], { encoding: "utf8" });
  if (probe.status !== 0) return `no torch in ${PYTHON} (apt-get install python3-torch)`;
  const dir = path.join(os.tmpdir(), `gaugelab-bench-pop-${process.pid}`);
  writeTorchInputs(dir, numSteps + 25);
  const out = spawnSync(PYTHON, [path.join(__dirname, "torch-population.py"), dir, SIZES_K.join(",")], {
    encoding: "utf8",
  });
  if (out.status !== 0) return `torch failed: ${out.stderr.trim().split("\n").pop()}`;
  return JSON.parse(out.stdout.trim().split("\n").pop() as string) as Record<string, number>;
}

async function main(): Promise<void> {
  const numSteps = Number(process.argv[2] ?? 300);
  const backend = await ensureBackend();
  const gflops = matmulGflops();
  const roofline = (gflops * 1e9) / FLOPS_PER_STEP;
  const [load] = os.loadavg();
  console.log(
    `\npopulation training (${backend}, LeNet-300-100, batch ${BATCH}, ${numSteps} steps per row; ` +
      `matmul ${gflops.toFixed(1)} GFLOP/s, roofline ${roofline.toFixed(0)} nets·steps/s; load average ${load.toFixed(2)})`,
  );
  const torch = torchPopulation(numSteps);
  console.log(
    "                      dense inputs                  sparse inputs (the default)\n" +
      "optimizer  members  nets·steps/s  % of roofline  nets·steps/s  × dense  vs lone  pytorch nets·steps/s  ratio",
  );
  for (const optimizer of OPTIMIZERS) {
    const lone = await netStepsPerSecond(0, optimizer, numSteps, true);
    for (const K of [0, ...SIZES_K]) {
      const dense = await netStepsPerSecond(K, optimizer, numSteps, false);
      const rate = K === 0 ? lone : await netStepsPerSecond(K, optimizer, numSteps, true);
      const ref = typeof torch === "string" || K === 0 ? undefined : torch[`${optimizer.kind}/${K}`];
      console.log(
        `${optimizer.kind.padEnd(9)}  ${(K === 0 ? "lone" : String(K)).padStart(7)}  ${dense.toFixed(0).padStart(12)}  ` +
          `${((100 * dense) / roofline).toFixed(0).padStart(12)}%  ${rate.toFixed(0).padStart(12)}  ` +
          `${(rate / dense).toFixed(2).padStart(6)}×  ${(rate / lone).toFixed(2).padStart(6)}×  ` +
          `${ref === undefined ? "-" : ref.toFixed(0)}`.padEnd(22) +
          `  ${ref === undefined ? "-" : (rate / ref).toFixed(2)}`,
      );
    }
  }
  if (typeof torch === "string") console.log(`pytorch population: skipped (${torch})`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
