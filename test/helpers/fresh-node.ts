import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { ROOT } from "./kernel";

/**
 * Runs `snippet` (CommonJS, with tsx so it can require the lib's `.ts` files) in a fresh Node at the project
 * root. Backend choices and once-per-process state need a clean process each time.
 *
 * @param snippet the code for `node -e`.
 * @param env variables added to this process's environment.
 * @param nodeArgs extra Node options placed before `-e`, e.g. `["-r", preload]`.
 * @returns the finished process, with stdout and stderr as text.
 */
export function runFreshNode(
  snippet: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...nodeArgs, "--import", "tsx", "-e", snippet], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}
