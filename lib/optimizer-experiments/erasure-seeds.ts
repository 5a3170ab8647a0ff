import { runUnit } from "../experiment/experiment";
import type { ExperimentOptions } from "../experiment/options";
import { ExperimentProgress } from "../experiment/progress";
import { type ErasureConfig, checkErasure } from "./erasure-config";
import { type ErasureResult, PICTURE_ERASURE } from "./picture-erasure";

/**
 * The erasure sweep of `config` once per seed (`{ ...config, seed }`: init and batch order), each seed cached on
 * its own (adding a seed computes only that one), under one progress bar.
 *
 * @returns one result per seed, in order; no tensors.
 * @throws before any work on a bad config or seeds that are not a non-empty array of integers; and
 *   `ExperimentInterrupted` when stopped (finished seeds stay cached).
 */
export async function runErasureSeeds(
  config: ErasureConfig,
  seeds: readonly number[],
  options: ExperimentOptions = {},
): Promise<ErasureResult[]> {
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isSafeInteger(s))) {
    throw new Error(
      `picture erasure: seeds must be a non-empty array of integers; got ${JSON.stringify(seeds)}`,
    );
  }
  const units = seeds.map((seed) => ({ ...config, seed }));
  units.forEach(checkErasure);
  const steps = units.reduce((n, unit) => n + PICTURE_ERASURE.steps(unit), 0);
  const progress = new ExperimentProgress(options.progress, steps);
  const results: ErasureResult[] = [];
  for (const unit of units) results.push(await runUnit(PICTURE_ERASURE, unit, progress, options));
  await progress.finish();
  return results;
}
