import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

/** One executed cell: the execute reply's status and the iopub messages it produced. */
export interface CellResult {
  status: string;
  outputs: { type: string; content: Record<string, unknown> }[];
}

/** Registers the gaugelab kernelspec into a fresh temporary Jupyter data dir and returns that dir. */
export function registerKernelInTempDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-jupyter-"));
  const out = spawnSync(process.execPath, [path.join(ROOT, "scripts", "jupyter.cjs")], {
    env: { ...process.env, JUPYTER_DATA_DIR: dataDir },
    encoding: "utf8",
  });
  if (out.status !== 0) throw new Error(`kernel registration failed: ${out.stderr}`);
  return dataDir;
}

/** Whether Debian's Jupyter client (needed to drive a kernel) is installed. */
export function hasJupyterClient(): boolean {
  return spawnSync("/usr/bin/python3", ["-c", "import jupyter_client"]).status === 0;
}

/**
 * Runs `cells` in one gaugelab kernel started in `cwd` (default notebooks/, as Jupyter starts it) and
 * returns each cell's reply status and outputs.
 */
export function runCells(
  cells: string[],
  env: Record<string, string> = {},
  cwd = path.join(ROOT, "notebooks"),
) {
  const dataDir = registerKernelInTempDir();
  try {
    const out = spawnSync("/usr/bin/python3", [path.join(ROOT, "test", "helpers", "run-cells.py")], {
      input: JSON.stringify({ cells, cwd }),
      env: { ...process.env, JUPYTER_DATA_DIR: dataDir, ...env },
      encoding: "utf8",
      timeout: 300_000,
    });
    if (out.status !== 0) throw new Error(`run-cells failed (${out.status}): ${out.stderr}`);
    return JSON.parse(out.stdout) as CellResult[];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** All stream text a cell printed (stdout and stderr), concatenated. */
export function streamText(cell: CellResult): string {
  return cell.outputs
    .filter((o) => o.type === "stream")
    .map((o) => String(o.content.text))
    .join("");
}
