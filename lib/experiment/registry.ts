import type { Experiment } from "./experiment";

/** Every experiment a worker can run, by name. One map per module instance (each worker loads its own). */
const EXPERIMENTS = new Map<string, Experiment<never, unknown>>();

/**
 * Registers `experiment` under its name, so that a pool worker (which loads the modules that register
 * experiments, `lib/index.ts` by default) can find it from a serialisable task. A later registration under
 * the same name replaces the earlier one (tslab may load a lib file twice).
 *
 * @returns `experiment`, so a module can write `export const X = registerExperiment({ ... })`.
 */
export function registerExperiment<U, R>(experiment: Experiment<U, R>): Experiment<U, R> {
  EXPERIMENTS.set(experiment.name, experiment as unknown as Experiment<never, unknown>);
  return experiment;
}

/**
 * The registered experiment named `name`.
 *
 * @throws naming the registered ones when there is none by that name.
 */
export function experimentByName(name: string): Experiment<unknown, unknown> {
  const experiment = EXPERIMENTS.get(name);
  if (!experiment) {
    throw new Error(
      `no experiment named "${name}" is registered (known: ${[...EXPERIMENTS.keys()].join(", ") || "none"}); ` +
        "call registerExperiment in the module that defines it, and pass that module in the pool's modules",
    );
  }
  return experiment as Experiment<unknown, unknown>;
}
