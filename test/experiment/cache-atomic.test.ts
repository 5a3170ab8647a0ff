import { describe, it, mock } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { ORPHAN_AGE_MS, removeOrphanTmpFiles } from "../../lib/core/atomic-write";
import { cachePath, cached, readCached } from "../../lib/experiment/cache";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-cache-atomic-"));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  assert.equal(child.status, 0);
  return child.pid;
}

describe("orphaned temporary files", () => {
  it("are removed before a write when their pid is dead or they are over an hour old", async () => {
    const dir = tempDir();
    try {
      const entry = path.basename(cachePath("exp", { seed: 0 }, dir));
      const now = Date.now();
      const dead = `${entry}.${deadPid()}.${now}.tmp`;
      const live = `${entry}.${process.pid}.${now}.tmp`;
      const stale = `other.json.${process.pid}.${now - 2 * ORPHAN_AGE_MS}.tmp`;
      const keep = ["notes.tmp", "x-a.model.json.123.tmp", "results.csv", live];
      for (const name of [dead, stale, ...keep]) fs.writeFileSync(path.join(dir, name), "partial");
      const old = new Date(now - 2 * ORPHAN_AGE_MS);
      fs.utimesSync(path.join(dir, stale), old, old);
      await cached("exp", { seed: 0 }, () => 1, { cacheDir: dir });
      assert.deepEqual(fs.readdirSync(dir).sort(), [entry, ...keep].sort());
      assert.deepEqual(removeOrphanTmpFiles(dir, now + 2 * ORPHAN_AGE_MS), [live], "a live pid, but too old");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing folder has none", () => {
    assert.deepEqual(removeOrphanTmpFiles(path.join(os.tmpdir(), "gaugelab-no-such-folder-x")), []);
  });
});

/**
 * A writer process: once both writers are ready (a file each in `sync`), `WRITES` times, recompute and
 * overwrite one key with a large result, checking its own reads.
 */
const WRITES = 80;
const SIZE = 4000;
function writerScript(dir: string, sync: string, writer: number): string {
  const lib = JSON.stringify(path.resolve(__dirname, "../../lib/experiment/cache.ts"));
  return `
    const fs = require("fs");
    const path = require("path");
    const { cached, readCached } = require(${lib});
    console.warn = (m) => { console.error("warned: " + m); process.exit(2); };
    (async () => {
      fs.writeFileSync(path.join(${JSON.stringify(sync)}, "ready-${writer}"), "");
      while (fs.readdirSync(${JSON.stringify(sync)}).length < 2) await new Promise((r) => setTimeout(r, 1));
      for (let i = 0; i < ${WRITES}; i++) {
        await cached("race", { seed: 0 }, () => ({ writer: ${writer}, i, data: new Float64Array(${SIZE}).fill(${writer} * 1000 + i) }),
          { cacheDir: ${JSON.stringify(dir)}, recompute: true });
        const r = readCached("race", { seed: 0 }, ${JSON.stringify(dir)});
        if (!r || r.data.length !== ${SIZE} || r.data.some((v) => v !== r.writer * 1000 + r.i)) process.exit(3);
      }
    })();`;
}

function run(script: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("two processes writing the same key", () => {
  it("last writer wins: every read sees one writer's complete entry, never a mix", async () => {
    const dir = tempDir();
    const sync = tempDir();
    const warn = mock.method(console, "warn", () => {});
    try {
      const writers = [run(writerScript(dir, sync, 1)), run(writerScript(dir, sync, 2))];
      let done = false;
      void Promise.all(writers).then(() => (done = true));
      let reads = 0;
      while (!done) {
        const r = readCached<{ writer: number; i: number; data: Float64Array }>("race", { seed: 0 }, dir);
        if (r !== undefined) {
          reads++;
          assert.ok(r.data instanceof Float64Array && r.data.length === SIZE);
          assert.ok(
            r.data.every((v) => v === r.writer * 1000 + r.i),
            "the data belongs to the writer and write it says",
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      for (const { code, stderr } of await Promise.all(writers)) assert.equal(code, 0, stderr);
      assert.equal(warn.mock.callCount(), 0, "no read saw a bad file");
      assert.ok(reads > 0, "the reader saw entries while they were being written");
      const last = readCached<{ writer: number; i: number }>("race", { seed: 0 }, dir);
      assert.equal(last?.i, WRITES - 1, "the entry is some writer's last write");
      assert.deepEqual(fs.readdirSync(dir), [path.basename(cachePath("race", { seed: 0 }, dir))]);
    } finally {
      warn.mock.restore();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(sync, { recursive: true, force: true });
    }
  });
});
