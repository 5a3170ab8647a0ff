import { checkMethods, checkOptions } from "../core/check-options";
import { checkSignal } from "../train/interrupt";
import { cached, readCached } from "./cache";
import type { Experiment } from "./experiment";
import type { ExperimentOptions } from "./options";
import type { ExperimentProgress } from "./progress";

/** The types of {@link ExperimentOptions}, for `checkOptions`. */
const OPTION_TYPES = {
  cacheDir: "string?",
  recompute: "boolean?",
  progress: "object?",
  signal: "object?",
  handleSigint: "boolean?",
  workers: "number?",
  modules: "array?",
} as const;

/**
 * Checks a run's options before any work: known keys of the right types, `progress` a sink with `update` and
 * `done`, `signal` an AbortSignal; names the option (e.g. `lottery options: progress must have ...`).
 */
export function checkRunOptions(experiment: Experiment<never, unknown>, options: ExperimentOptions): void {
  const where = `${experiment.name} options`;
  checkOptions(options, OPTION_TYPES, where);
  if (options.progress !== undefined) {
    checkMethods(options.progress, ["update(info)", "done(info)"], `${where}: progress`);
  }
  checkSignal(options.signal, `${where}: signal`);
}

/** The cache key material of `unit`: the experiment's version beside the unit (what its cache file hashes). */
export function keyOf<U>(experiment: Experiment<U, unknown>, unit: U): { version: number; unit: U } {
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
 * bar), else computed and cached. Used by the runners (`runExperiment`, `runSeeds`, `runUnits`) and by experiments built on others.
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
