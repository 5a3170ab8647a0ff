/**
 * Running classic Jupyter Notebook 6 for browser tests: a server on a free port with a random token, in its
 * own process group so that stopping it also stops its kernels.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Pids of live processes (other than this one) whose command line mentions `text`. */
export function processesUsing(text: string, pattern = /./): number[] {
  const pids: number[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(text) && pattern.test(cmd)) pids.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Waits (up to 30 s) until the Notebook server on `port` answers `/api/status`; throws with its log if it exits. */
export async function waitForServer(
  port: number,
  token: string,
  server: ChildProcess,
  log: () => string,
): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error(`jupyter-notebook exited:\n${log()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`jupyter-notebook did not start on port ${port}:\n${log()}`);
}

/** Stops the server and what it started in its process group, waiting up to 10 s before SIGKILL. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A running Notebook 6 server. */
export interface NotebookServer {
  /** The server's URL for `path` (e.g. `notebooks/x.ipynb`), with the token. */
  url(path: string): string;
  /** What the server printed so far. */
  log(): string;
  /** Stops the server and its kernels. */
  stop(): Promise<void>;
}

/**
 * Starts `jupyter-notebook` (no browser, 127.0.0.1, a free port, a random token) on `notebookDir` and waits
 * until it answers.
 *
 * @param executable the `jupyter-notebook` to run.
 * @param notebookDir the folder it serves.
 * @param env its environment (point JUPYTER_DATA_DIR, JUPYTER_CONFIG_DIR and JUPYTER_RUNTIME_DIR at a
 *   temporary folder, so nothing is trusted and no user config applies).
 */
export async function startNotebookServer(
  executable: string,
  notebookDir: string,
  env: NodeJS.ProcessEnv,
): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const server = spawn(
    executable,
    [
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${notebookDir}`,
    ],
    { env, detached: true, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  server.stderr?.on("data", (b: Buffer) => (log += b.toString()));
  try {
    await waitForServer(port, token, server, () => log);
  } catch (error) {
    await stopGroup(server);
    throw error;
  }
  return {
    url: (p) => `http://127.0.0.1:${port}/${p}?token=${token}`,
    log: () => log,
    stop: () => stopGroup(server),
  };
}
