/**
 * Times the gaugelab kernel from start to a finished `import * as g from "./lib"`, as a notebook's first cell
 * runs it: Jupyter starts the kernel (tslab, tfjs and its backend load: "ready"), then tslab type-checks and
 * compiles the cell with every lib file it depends on, and Node loads the lib ("imported"). Each round starts
 * a fresh kernel. Run: `npx tsx bench/kernel-startup.ts [rounds]` (needs Jupyter's Python with jupyter_client).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const { jupyterPython } = require("../scripts/jupyter.cjs") as { jupyterPython(): string | undefined };

const ROOT = path.resolve(__dirname, "..");
const ROUNDS = Number(process.argv[2] ?? 3);

const TIMER = `
import json, time
from jupyter_client.manager import start_new_kernel
t0 = time.monotonic()
km, kc = start_new_kernel(kernel_name="gaugelab", startup_timeout=300)
t1 = time.monotonic()
reply = kc.execute_interactive('import * as g from "./lib";', timeout=300, output_hook=lambda msg: None)
t2 = time.monotonic()
kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps({"ready": t1 - t0, "imported": t2 - t0, "status": reply["content"]["status"]}))
`;

type Timing = { ready: number; imported: number; status: string };

function startKernel(python: string, env: NodeJS.ProcessEnv): Timing {
  const out = spawnSync(python, ["-c", TIMER], { cwd: path.join(ROOT, "notebooks"), env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`kernel timing failed:\n${out.stderr.slice(-2000)}`);
  const timing = JSON.parse(out.stdout.trim().split("\n").pop() ?? "") as Timing;
  if (timing.status !== "ok") throw new Error(`the import cell replied ${timing.status}`);
  return timing;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (xs: number[]) =>
  `${median(xs).toFixed(1)} s (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

function main(): void {
  const python = jupyterPython();
  if (!python) throw new Error("no Jupyter on PATH: run `npm start` or `npm test` once to install it");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-startup-"));
  const env = { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_CONFIG_DIR: dataDir };
  try {
    spawnSync(process.execPath, [path.join(ROOT, "scripts", "jupyter.cjs")], { env, stdio: "ignore" });
    const runs: Timing[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      runs.push(startKernel(python, env));
      console.log(
        `round ${r + 1}: kernel ready after ${runs[r].ready.toFixed(1)} s, import done after ${runs[r].imported.toFixed(1)} s`,
      );
    }
    const share = runs.map((t) => (t.imported - t.ready) / t.imported);
    console.log(`\nkernel start, median (min–max) of ${ROUNDS} rounds:`);
    console.log(`  kernel ready (tslab, tfjs, backend):       ${seconds(runs.map((t) => t.ready))}`);
    console.log(`  first import * as g from "./lib" done:     ${seconds(runs.map((t) => t.imported))}`);
    console.log(`  share spent compiling and loading the lib: ${(median(share) * 100).toFixed(0)}%`);
    console.log(
      `  load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(", ")}`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main();
