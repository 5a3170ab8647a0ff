import * as fs from "fs";
import * as path from "path";

/** A temporary file of {@link writeFileAtomic}: `<file>.<pid>.<time>.tmp`. */
const TMP_NAME = /^.+\.(\d+)\.(\d+)\.tmp$/;

/** A temporary file older than this is an orphan even if its pid is alive (the pid was reused). */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;

/** Whether process `pid` is alive: `process.kill(pid, 0)` throws `ESRCH` when there is none. */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files a killed {@link writeFileAtomic} left in `dir`: those named
 * `<file>.<pid>.<time>.tmp` whose pid is no live process, or that are older than {@link ORPHAN_AGE_MS}.
 * Files another process removes or renames meanwhile are skipped; a missing `dir` is fine.
 *
 * @param dir the folder to clean.
 * @param now the current time in ms (for tests).
 * @returns the names removed.
 */
export function removeOrphanTmpFiles(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TMP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      const old = now - fs.statSync(file).mtimeMs > ORPHAN_AGE_MS;
      if (!old && isAlive(Number(m[1]))) continue;
      fs.unlinkSync(file);
      removed.push(name);
    } catch {
      // renamed or removed by its writer or another cleaner meanwhile
    }
  }
  return removed;
}

/** Creates a new, empty temporary file for `file` (exclusively, so two writers never share one). */
function openTmp(file: string): { tmp: string; fd: number } {
  for (let time = Date.now(); ; time++) {
    const tmp = `${file}.${process.pid}.${time}.tmp`;
    try {
      return { tmp, fd: fs.openSync(tmp, "wx") };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // its folder went away too
  }
}

/**
 * Writes `text` to `file` atomically: a new temporary file `<file>.<pid>.<time>.tmp` in the same folder
 * (creating missing folders), then a rename over `file`, so a reader sees the old or the new content whole.
 * Several writers of one file: the last rename wins. First removes orphaned temporary files in the folder
 * (see {@link removeOrphanTmpFiles}).
 *
 * @param file the target path.
 * @param text the content.
 * @throws naming `file` when it cannot be written (e.g. a read-only folder); no temporary file is left.
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  let tmp: string | undefined;
  try {
    fs.mkdirSync(dir, { recursive: true });
    removeOrphanTmpFiles(dir);
    const opened = openTmp(file);
    tmp = opened.tmp;
    try {
      fs.writeFileSync(opened.fd, text);
    } finally {
      fs.closeSync(opened.fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    if (tmp !== undefined) removeQuietly(tmp);
    throw new Error(
      `gaugelab: cannot write ${file}: ${(e as Error).message}; check that its folder is writable`,
    );
  }
}
