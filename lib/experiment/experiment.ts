import { checkMethods, checkOptions } from "../core/check-options";
import { checkSignal } from "../train/interrupt";
import { cached, readCached } from "./cache";
import type { ExperimentOptions } from "./options";
import { ExperimentProgress } from "./progress";

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

/** The types of {@link ExperimentOptions}, for `checkOptions`. */
const OPTION_TYPES = {
  cacheDir: "string?",
  recompute: "boolean?",
  progress: "object?",
  signal: "object?",
  handleSigint: "boolean?",
} as const;

/**
 * Checks a run's options before any work: known keys of the right types, `progress` a sink with `update` and
 * `done`, `signal` an AbortSignal; names the option (e.g. `lottery options: progress must have ...`).
 */
function checkRunOptions(experiment: Experiment<never, unknown>, options: ExperimentOptions): void {
  const where = `${experiment.name} options`;
  checkOptions(options, OPTION_TYPES, where);
  if (options.progress !== undefined) {
    checkMethods(options.progress, ["update(info)", "done(info)"], `${where}: progress`);
  }
  checkSignal(options.signal, `${where}: signal`);
}

/** The cache key material of `unit`: the experiment's version beside the unit. */
function keyOf<U>(experiment: Experiment<U, unknown>, unit: U): { version: number; unit: U } {
  return { version: experiment.version, unit };
}

/**
 * Whether `unit`'s result is in the cache (of `cacheDir`, default `data/cache`) as a valid entry: the same
 * version and unit, a result, and a file that parses and decodes. An invalid file answers `false` (and is
 * reported once with `console.warn`, see `readCached`); running the unit then recomputes and overwrites it.
 */
export function isCached<U>(experiment: Experiment<U, unknown>, unit: U, cacheDir?: string): boolean {
  return readCached(experiment.name, keyOf(experiment, unit), cacheDir) !== undefined;
}

/**
 * One unit through a shared progress bar: the cached result when there is one (its steps are skipped on the
 * bar), else computed and cached. Used by the runners below and by experiments built on others.
 *
 * @throws what `check` and `compute` throw; an interrupted unit caches nothing; a result the cache cannot hold
 *   (a tensor, a function, ...) is an error naming its path, e.g. `result.rounds[3].curve`.
 */
export async function runUnit<U, R>(
  experiment: Experiment<U, R>,
  unit: U,
  progress: ExperimentProgress,
  options: ExperimentOptions = {},
): Promise<R> {
  checkRunOptions(experiment, options);
  experiment.check(unit);
  let computed = false;
  const result = await cached(
    experiment.name,
    keyOf(experiment, unit),
    () => {
      computed = true;
      return experiment.compute(unit, progress, options);
    },
    { cacheDir: options.cacheDir, recompute: options.recompute },
  );
  if (!computed) progress.skip(experiment.steps(unit), `${experiment.name} · cached`);
  return result;
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
 * progress bar over everything.
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
  if (!Array.isArray(seeds) || !seeds.every((s) => Number.isSafeInteger(s))) {
    throw new Error(`${experiment.name}: seeds must be an array of integers; got ${JSON.stringify(seeds)}`);
  }
  if (seeds.length === 0) throw new Error(`${experiment.name}: seeds is empty; give at least one seed`);
  const units = seeds.map((seed) => ({ config, seed }));
  units.forEach((unit) => experiment.check(unit));
  const steps = units.reduce((n, unit) => n + experiment.steps(unit), 0);
  const progress = new ExperimentProgress(options.progress, steps);
  const results: R[] = [];
  for (const unit of units) results.push(await runUnit(experiment, unit, progress, options));
  await progress.finish();
  return results;
}
