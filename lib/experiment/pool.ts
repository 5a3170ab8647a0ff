import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setMaxListeners } from "node:events";
import { MessageChannel } from "node:worker_threads";
import { Tinypool } from "tinypool";
import { projectPath } from "../core/project";
import { yieldToEventLoop } from "../train/interrupt";
import { cached, readCached } from "./cache";
import type { Experiment } from "./experiment";
import { ExperimentInterrupted } from "./interrupted";
import type { ExperimentOptions } from "./options";
import { ExperimentProgress } from "./progress";
import { PoolProgress } from "./pool-progress";
import type { PoolOutcome, PoolTask } from "./pool-task";
import { experimentByName } from "./registry";
import { checkRunOptions, keyOf, runUnit } from "./unit";
import { configKey } from "./config-key";

/** The variable that sets the default number of workers. */
export const WORKERS_ENV_VAR = "GAUGELAB_WORKERS";

/** `GAUGELAB_WORKERS` if set (an integer ≥ 0), else the cores Node may use (`os.availableParallelism()`). */
export function defaultWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[WORKERS_ENV_VAR]?.trim();
  if (!raw) return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${WORKERS_ENV_VAR}="${raw}" must be an integer ≥ 0 (0 runs every unit in this process)`);
  }
  return n;
}

/**
 * Throws a clear error unless a file can be written into `dir` (created if missing), by writing and removing a
 * probe file: checked before any worker starts, so a bad cache folder does not surface after hours of work.
 */
export function checkWritable(dir: string, where: string): void {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(
      `${where}: the cache folder ${dir} is not writable (${code}); pass another cacheDir or fix its permissions`,
    );
  }
}

/** A unit that failed for good: its index, the unit, and why. */
interface Failure {
  readonly index: number;
  readonly reason: string;
}

/** Units of one experiment to compute (see {@link runJobs}), e.g. `seedJob(LOTTERY, config, seeds)`. */
export interface Job<U = unknown, R = unknown> {
  readonly experiment: Experiment<U, R>;
  readonly units: readonly U[];
}

/** One unit of one experiment: what a worker computes. */
interface Task {
  readonly experiment: Experiment<unknown, unknown>;
  readonly unit: unknown;
}

/**
 * Runs independent units of `experiment` (seeds, configs), each cached on its own, in a pool of worker threads
 * (tinypool): each worker has its own tfjs-wasm and computes whole units; a task is plain data (the
 * experiment's registered name, the unit, the modules that register it), and the result comes back to this
 * thread, which writes it to the atomic cache. Cached units are not sent. The results are those of
 * `runUnit` in this process, whatever the number of workers (each unit is computed from its own seeds).
 *
 * - Progress: one display for every worker (steps of all units; the label lists what each worker does).
 * - The stop button (SIGINT) or `options.signal` terminates every worker (their partial units are discarded)
 *   and throws `ExperimentInterrupted`; the kernel stays usable, and the finished units stay cached.
 * - A worker that dies (a crash, running out of memory) is reported on stderr and its unit retried once; an
 *   error thrown by a unit's computation is not retried. The other units carry on; the call then throws an
 *   error naming each failed unit.
 * - `workers: 0` computes every unit in this process, one after another, as `runUnit` does.
 *
 * @param options `ExperimentOptions` and `workers` (default {@link defaultWorkers}, at most one per missing
 *   unit) and `modules` (default `lib/index.ts`, which registers the kit's experiments).
 * @returns one result per unit, in order.
 * @throws before any work on a bad unit or option, an experiment that is not registered, or a cache folder
 *   that is not writable; `ExperimentInterrupted` when stopped; and after the others finished, when units failed.
 */
export async function runUnits<U, R>(
  experiment: Experiment<U, R>,
  units: readonly U[],
  options: ExperimentOptions = {},
): Promise<R[]> {
  const [results] = await runJobs([{ experiment, units }], options);
  return results as R[];
}

/**
 * {@link runUnits} for the units of several experiments at once, in one pool: a notebook queues every run it
 * needs, so that both cores stay busy until the last one (three seeds of one experiment keep two workers busy
 * for only two thirds of the time). The biggest units (by `experiment.steps`) start first, so the pool ends
 * evenly; a unit that appears twice (the same experiment, version and unit) is computed once. Results, caching,
 * progress, the stop button and failures are as in `runUnits`.
 *
 * @returns the results of each job, in the jobs' and units' order.
 * @throws as `runUnits`.
 */
export async function runJobs(jobs: readonly Job[], options: ExperimentOptions = {}): Promise<unknown[][]> {
  if (!Array.isArray(jobs) || jobs.some((job) => !job?.experiment || !Array.isArray(job.units))) {
    throw new Error(
      "runJobs: jobs must be an array of { experiment, units } (e.g. seedJob(LOTTERY, config, seeds))",
    );
  }
  const tasks: Task[] = [];
  const slots = new Map<string, number>();
  const where = jobs.map((job) => {
    checkRunOptions(job.experiment, options);
    job.units.forEach((unit: unknown) => job.experiment.check(unit));
    return job.units.map((unit: unknown) => {
      const key = `${job.experiment.name}/${configKey(keyOf(job.experiment, unit))}`;
      if (!slots.has(key)) slots.set(key, tasks.push({ experiment: job.experiment, unit }) - 1);
      return slots.get(key) as number;
    });
  });
  const name = [...new Set(jobs.map((job) => job.experiment.name))].join(" + ") || "runJobs";
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 0) {
    throw new Error(`${name}: runUnits: workers must be an integer ≥ 0; got ${workers}`);
  }
  const total = tasks.reduce((n, t) => n + t.experiment.steps(t.unit), 0);
  const results: unknown[] = [];
  if (workers === 0) {
    const progress = new ExperimentProgress(options.progress, total);
    for (const t of tasks) results.push(await runUnit(t.experiment, t.unit, progress, options));
    await progress.finish();
  } else {
    for (const experiment of new Set(tasks.map((t) => t.experiment))) {
      if (experimentByName(experiment.name).version !== experiment.version) {
        throw new Error(
          `${experiment.name}: runUnits: the registered "${experiment.name}" is another version of this experiment`,
        );
      }
    }
    const progress = new PoolProgress(options.progress, total);
    tasks.forEach((t, i) => {
      if (options.recompute) return;
      results[i] = readCached(t.experiment.name, keyOf(t.experiment, t.unit), options.cacheDir);
      if (results[i] !== undefined) progress.skip(t.experiment.steps(t.unit), "cached");
    });
    const missing = tasks
      .flatMap((_, i) => (results[i] === undefined ? [i] : []))
      .sort((a, b) => tasks[b].experiment.steps(tasks[b].unit) - tasks[a].experiment.steps(tasks[a].unit));
    if (missing.length > 0) {
      checkWritable(options.cacheDir ?? projectPath("data", "cache"), `${name}: runUnits`);
      await computeInPool(
        name,
        tasks,
        missing,
        Math.min(workers, missing.length),
        results,
        progress,
        options,
      );
    }
    await progress.finish();
  }
  return where.map((indices) => indices.map((i: number) => results[i]));
}

async function computeInPool(
  name: string,
  tasks: readonly Task[],
  missing: readonly number[],
  workers: number,
  results: unknown[],
  progress: PoolProgress,
  options: ExperimentOptions,
): Promise<void> {
  const modules = (options.modules ?? [projectPath("lib", "index.ts")]).map((m) => path.resolve(m));
  const pool = new Tinypool({
    filename: projectPath("lib", "experiment", "pool-worker.mjs"),
    minThreads: workers,
    maxThreads: workers,
    isolateWorkers: false,
    execArgv: [],
  });
  // Listen for SIGINT only after the cell's synchronous part (see train).
  await yieldToEventLoop();
  const abort = new AbortController();
  setMaxListeners(missing.length + 10, abort.signal); // every queued task listens to it
  const onStop = () => abort.abort();
  options.signal?.addEventListener("abort", onStop);
  if (options.signal?.aborted) abort.abort();
  const sigint = options.handleSigint ?? true;
  if (sigint) process.on("SIGINT", onStop);
  const failures: Failure[] = [];
  const attempt = async (index: number): Promise<PoolOutcome> => {
    const { port1, port2 } = new MessageChannel();
    port1.on("message", (info) => progress.report(index, info));
    // The worker closes its end after its last message: wait for that (briefly, a dead worker closes nothing),
    // so that no report arrives after the unit has ended.
    const closed = new Promise<void>((resolve) => {
      port1.once("close", resolve);
      setTimeout(resolve, 1000).unref();
    });
    const { experiment, unit } = tasks[index];
    const task: PoolTask = {
      name: experiment.name,
      unit,
      modules,
      port: port2,
      cacheDir: options.cacheDir,
      recompute: options.recompute,
    };
    try {
      const outcome = (await pool.run(task, { transferList: [port2], signal: abort.signal })) as PoolOutcome;
      await closed;
      return outcome;
    } finally {
      port1.close();
      progress.end(index, experiment.steps(unit));
    }
  };
  const one = async (index: number): Promise<void> => {
    let outcome: PoolOutcome | undefined;
    for (let tries = 1; outcome === undefined; tries++) {
      try {
        outcome = await attempt(index);
      } catch (err) {
        if (abort.signal.aborted) return;
        const reason = `its worker died (${(err as Error).message})`;
        console.error(
          `${tasks[index].experiment.name}: unit ${index} failed: ${reason}${tries === 1 ? "; retrying it" : ""}`,
        );
        if (tries >= 2) return void failures.push({ index, reason: `${reason}, twice` });
      }
    }
    if (!outcome.ok) return void failures.push({ index, reason: outcome.message ?? "failed" });
    const { experiment, unit } = tasks[index];
    const result = outcome.result;
    results[index] = await cached(experiment.name, keyOf(experiment, unit), () => result, {
      cacheDir: options.cacheDir,
      recompute: true,
    });
  };
  try {
    await Promise.all(missing.map(one));
  } finally {
    options.signal?.removeEventListener("abort", onStop);
    if (sigint) process.removeListener("SIGINT", onStop);
    await pool.destroy();
  }
  if (abort.signal.aborted) {
    throw new ExperimentInterrupted(`${name} (${missing.length} units in ${workers} workers)`);
  }
  if (failures.length > 0) {
    const lines = failures.map((f) => `unit ${f.index} ${JSON.stringify(tasks[f.index].unit)}: ${f.reason}`);
    throw new Error(
      `${name}: ${failures.length} of ${tasks.length} units failed (the others are cached):\n` +
        lines
          .map((line) => `  ${line.length > 400 ? `${line.slice(0, 200)}…${line.slice(-200)}` : line}`)
          .join("\n"),
    );
  }
}
