import type { ExperimentOptions } from "./options";
import { type Job, runUnits } from "./pool";
import { ExperimentProgress } from "./progress";
import { checkRunOptions, runUnit } from "./unit";

export { isCached, keyOf, runUnit } from "./unit";

/**
 * An experiment as data: a serialisable unit (`U`, hashable JSON such as `{ config, seed }`) in, a JSON
 * result out, so the runners below can cache it, report its progress, and (later) hand it to a worker.
 *
 * @typeParam U the unit: everything the result depends on.
 * @typeParam R the result: JSON values, plus NaN, ±Infinity, -0 and typed arrays, which the cache keeps exactly
 *   (see `cached`); no tensors or class instances.
 */
export interface Experiment<U, R> {
  /** The cache-file prefix, e.g. `"lottery"`. */
  readonly name: string;
  /** Part of every cache key: bump it when a fix changes the results, and old cached results are ignored. */
  readonly version: number;
  /** Checks the unit before any work. @throws naming the bad field. */
  check(unit: U): void;
  /** The training steps one unit runs, for the progress bar. */
  steps(unit: U): number;
  /** Computes the result; reports through `progress` and stops with `ExperimentInterrupted` when asked. */
  compute(unit: U, progress: ExperimentProgress, options: ExperimentOptions): Promise<R>;
}

/** A unit of a seeded experiment: one config, one seed. */
export interface Seeded<C> {
  readonly config: C;
  readonly seed: number;
}

/**
 * Runs one unit with its own progress bar (see {@link runUnit}).
 *
 * @returns the result (see {@link Experiment}); no tensors outlive the call.
 * @throws on bad options (naming the option) or a bad unit before any work; else as {@link runUnit}.
 */
export async function runExperiment<U, R>(
  experiment: Experiment<U, R>,
  unit: U,
  options: ExperimentOptions = {},
): Promise<R> {
  checkRunOptions(experiment, options);
  experiment.check(unit);
  const progress = new ExperimentProgress(options.progress, experiment.steps(unit));
  const result = await runUnit(experiment, unit, progress, options);
  await progress.finish();
  return result;
}

/**
 * Runs `config` for every seed, each cached on its own (adding a seed computes only that seed), with one
 * progress bar over everything: one after another in this process by default, or in `options.workers`
 * worker threads (see `runUnits`; the same results).
 *
 * @returns one result per seed, in order.
 * @throws on bad options, a bad config, or `seeds` empty or not integers, before any work, and
 *   `ExperimentInterrupted` when stopped (finished seeds stay cached).
 */
export async function runSeeds<C, R>(
  experiment: Experiment<Seeded<C>, R>,
  config: C,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<R[]> {
  checkRunOptions(experiment, options);
  const { units } = seedJob(experiment, config, seeds);
  return runUnits(experiment, units, { ...options, workers: options.workers ?? 0 });
}

/**
 * The units `{ config, seed }` of `config` for every seed, as a job for `runJobs` (which runs the jobs of a
 * whole notebook in one pool).
 *
 * @throws when `seeds` is empty or not integers.
 */
export function seedJob<C, R>(
  experiment: Experiment<Seeded<C>, R>,
  config: C,
  seeds: readonly number[],
): Job<Seeded<C>, R> {
  if (!Array.isArray(seeds) || !seeds.every((s) => Number.isSafeInteger(s))) {
    throw new Error(`${experiment.name}: seeds must be an array of integers; got ${JSON.stringify(seeds)}`);
  }
  if (seeds.length === 0) throw new Error(`${experiment.name}: seeds is empty; give at least one seed`);
  return { experiment, units: seeds.map((seed) => ({ config, seed })) };
}
