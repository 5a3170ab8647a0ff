import type { MessagePort } from "node:worker_threads";
import { ensureBackend } from "../core/backend";
import { ExperimentProgress } from "./progress";
import { experimentByName } from "./registry";

/** One experiment unit as a pool task: plain data in (structured-cloned), so any executor could run it. */
export interface PoolTask {
  /** The registered experiment's name. */
  readonly name: string;
  /** The unit, e.g. `{ config, seed }`. */
  readonly unit: unknown;
  /** Absolute paths of the modules that register the experiment (loaded once per worker). */
  readonly modules: readonly string[];
  /** The caller's cache options, for experiments built on cached sub-units. */
  readonly cacheDir?: string;
  readonly recompute?: boolean;
  /** Where the worker posts its progress (`ProgressInfo` messages, then `{ done: true }`). */
  readonly port?: MessagePort;
}

/** What a task gives back: the unit's result, or the error its computation threw (the worker survives). */
export interface PoolOutcome {
  readonly ok: boolean;
  /** The result when `ok`. */
  readonly result?: unknown;
  /** The error's message and stack when not `ok`. */
  readonly message?: string;
  readonly stack?: string;
}

const loaded = new Set<string>();

/**
 * Runs one task in a pool worker: selects the backend (each worker has its own tfjs-wasm), loads the modules
 * that register experiments, computes the unit with progress posted to `task.port`. An error of the
 * computation comes back as `{ ok: false }`; only a dying worker rejects the pool's promise.
 */
export async function runTask(task: PoolTask): Promise<PoolOutcome> {
  try {
    await ensureBackend();
    for (const file of task.modules) {
      if (loaded.has(file)) continue;
      require(file);
      loaded.add(file);
    }
    const experiment = experimentByName(task.name);
    const post = (message: object) => task.port?.postMessage(message);
    const progress = new ExperimentProgress(
      { update: (info) => post(info), done: (info) => post({ ...info, done: true }) },
      experiment.steps(task.unit),
    );
    const options = { cacheDir: task.cacheDir, recompute: task.recompute, handleSigint: false };
    const result = await experiment.compute(task.unit, progress, options);
    return { ok: true, result };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { ok: false, message: e.message, stack: e.stack };
  } finally {
    task.port?.close();
  }
}
