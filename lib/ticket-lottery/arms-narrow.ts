import { initParams } from "../core/init";
import { disposeParams } from "../core/params";
import { armPlan, phaseSteps } from "./budget";
import { ticketArchs } from "./config";
import type { ArmResult } from "./arm-result";
import { emptyCurve, extendCurve, finalTest, freeRun, type RunContext, trainSteps } from "./run-steps";
import { screenInits } from "./screen";

/**
 * Arms A and C at width w. A: screen the N inits for k steps, the winner trains on (its batch order goes on
 * from step k) for the rest of the budget. C: the first of those inits, unscreened, for numSteps.
 *
 * @param seeds the N init seeds of width w. @returns `[A, C]` and A's screening scores; no tensors.
 */
export async function narrowArms(
  ctx: RunContext,
  seeds: readonly number[],
): Promise<{ arms: ArmResult[]; valLoss: number[]; picked: number }> {
  const { config } = ctx;
  const { narrow } = ticketArchs(config);
  const w = config.sizes[1];
  const k = config.screenSteps;
  const planA = armPlan(config, "A");
  const screening = await screenInits(ctx, narrow, seeds, "A");
  const curveA = emptyCurve();
  const runA = await trainSteps(ctx, narrow, screening.params, {
    numSteps: phaseSteps(planA, "train"),
    rewindStep: k,
    evalEvery: config.evalEvery,
    label: `A train on (init ${screening.picked + 1})`,
  }).finally(() => disposeParams(screening.params));
  extendCurve(curveA, runA, seeds.length * w * k, w);
  const a: ArmResult = freeRun(runA, { arm: "A", spent: planA.spent, curve: curveA, ...finalOf(runA) });
  const init = initParams(narrow, { seed: seeds[0], init: config.init });
  const runC = await trainSteps(ctx, narrow, init, {
    numSteps: config.numSteps,
    rewindStep: 0,
    evalEvery: config.evalEvery,
    label: "C one init at w",
  }).finally(() => disposeParams(init));
  const curveC = emptyCurve();
  extendCurve(curveC, runC, 0, w);
  const c: ArmResult = freeRun(runC, {
    arm: "C",
    spent: armPlan(config, "C").spent,
    curve: curveC,
    ...finalOf(runC),
  });
  return { arms: [a, c], valLoss: screening.valLoss, picked: screening.picked };
}

/** `{ finalAcc, finalLoss }` of a run. */
export function finalOf(run: Parameters<typeof finalTest>[0]): { finalAcc: number; finalLoss: number } {
  const { acc, loss } = finalTest(run);
  return { finalAcc: acc, finalLoss: loss };
}
