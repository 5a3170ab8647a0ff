import type { Architecture } from "../core/architecture";
import { initParams } from "../core/init";
import { disposeParams, type Params } from "../core/params";
import { type RunContext, trainSteps } from "./run-steps";

/** What screening N inits gives: every init's score and the winner after k steps. */
export interface Screening {
  /** Validation loss of each init after k steps (lower is better). */
  readonly valLoss: number[];
  /** The index of the winner, the lowest validation loss. */
  readonly picked: number;
  /** The winner's params after k steps; the caller owns them. */
  readonly params: Params;
}

/**
 * Trains each init for k = `screenSteps` steps on the repeat's data order and keeps the one of lowest
 * validation loss (Dodge et al. 2020's early stopping of unpromising seeds, at one fixed k). Each member is a
 * plain `train` call, one after another; a population trainer (issue 15) would train them in one pass here.
 *
 * @param seeds the init seeds, ≥ 2. @returns the scores and the winner (see {@link Screening}).
 */
export async function screenInits(
  ctx: RunContext,
  arch: Architecture,
  seeds: readonly number[],
  name: string,
): Promise<Screening> {
  const k = ctx.config.screenSteps;
  const valLoss: number[] = [];
  let best: { index: number; params: Params } | undefined;
  for (const [i, seed] of seeds.entries()) {
    const init = initParams(arch, { seed, init: ctx.config.init });
    let params: Params;
    try {
      const run = await trainSteps(ctx, arch, init, {
        numSteps: k,
        rewindStep: 0,
        evalEvery: k,
        onVal: true,
        label: `${name} screen ${i + 1}/${seeds.length}`,
      });
      params = run.params;
      valLoss.push(run.evals[run.evals.length - 1].val?.loss ?? NaN);
    } finally {
      disposeParams(init);
    }
    if (!best || valLoss[i] < valLoss[best.index]) {
      if (best) disposeParams(best.params);
      best = { index: i, params };
    } else disposeParams(params);
  }
  const winner = best as { index: number; params: Params };
  return { valLoss, picked: winner.index, params: winner.params };
}
