import * as tf from "@tensorflow/tfjs";
import { initParams } from "../core/init";
import { deriveSeed } from "../core/rng";
import { disposeParams, type Params } from "../core/params";
import { foldUnits } from "../reduce/fold";
import { pruneUnits } from "../reduce/prune-units";
import type { Reduced } from "../reduce/prune-units";
import { evaluate } from "../train/evaluate";
import { type TicketArm, armPlan, phaseSteps } from "./budget";
import { ticketArchs } from "./config";
import type { ArmResult } from "./arm-result";
import { finalOf } from "./arms-narrow";
import {
  type ComputeCurve,
  emptyCurve,
  extendCurve,
  freeRun,
  type RunContext,
  trainSteps,
} from "./run-steps";
import { screenInits } from "./screen";

/**
 * Arms B (three ways) and D at width 2w. B: screen N inits for k steps, the winner trains on for `wideSteps`,
 * then is pruned to w by importance, or folded to w and repaired, and trains on; or a fresh width-w student
 * distils from it. D: the first init, unscreened, for ⌊B/2w⌋ steps.
 *
 * @param seeds the N init seeds of width 2w; @param seed the repeat's seed (the student's init).
 * @returns `[B-prune, B-fold, B-distill, D]` and B's screening scores; no tensors.
 */
export async function wideArms(
  ctx: RunContext,
  seeds: readonly number[],
  seed: number,
): Promise<{ arms: ArmResult[]; valLoss: number[]; picked: number }> {
  const { config } = ctx;
  const { narrow, wide } = ticketArchs(config);
  const w = config.sizes[1];
  const [k, m] = [config.screenSteps, config.wideSteps];
  const screening = await screenInits(ctx, wide, seeds, "B");
  const head = emptyCurve();
  let teacher: Params = screening.params;
  if (m > 0) {
    const run = await trainSteps(ctx, wide, screening.params, {
      numSteps: m,
      rewindStep: k,
      evalEvery: Math.max(1, Math.floor(config.evalEvery / 2)),
      label: `B 2w train on (init ${screening.picked + 1})`,
    }).finally(() => disposeParams(screening.params));
    extendCurve(head, run, seeds.length * 2 * w * k, 2 * w);
    teacher = run.params;
  }
  const offset = seeds.length * 2 * w * k + 2 * w * m;
  const arms: ArmResult[] = [];
  try {
    const beforeAcc = evaluate(wide, teacher, ctx.test, { loss: "softmaxCrossEntropy" }).accuracy ?? NaN;
    const X = tf.tensor2d(ctx.train.X.subarray(0, config.repairExamples * ctx.train.inDim), [
      config.repairExamples,
      ctx.train.inDim,
    ]);
    const reduce = (how: TicketArm): Reduced =>
      how === "B-prune" ? pruneUnits(wide, teacher, { width: w }) : foldUnits(wide, teacher, { width: w, X });
    try {
      for (const arm of ["B-prune", "B-fold"] as const) {
        const reduced = reduce(arm);
        const after = evaluate(reduced.arch, reduced.params, ctx.test, { loss: "softmaxCrossEntropy" });
        const run = await trainSteps(ctx, reduced.arch, reduced.params, {
          numSteps: phaseSteps(armPlan(config, arm), "train"),
          rewindStep: k + m,
          evalEvery: config.evalEvery,
          label: `${arm} train on`,
        }).finally(() => disposeParams(reduced.params));
        const curve = copyCurve(head);
        extendCurve(curve, run, offset, w);
        const reduction = { beforeAcc, afterAcc: after.accuracy ?? NaN, afterLoss: after.loss };
        arms.push(
          freeRun(run, { arm, spent: armPlan(config, arm).spent, curve, ...finalOf(run), reduction }),
        );
      }
    } finally {
      X.dispose();
    }
    const student = initParams(narrow, { seed: deriveSeed(seed, "student"), init: config.init });
    const planD = armPlan(config, "B-distill");
    const run = await trainSteps(ctx, narrow, student, {
      numSteps: phaseSteps(planD, "distill"),
      rewindStep: k + m,
      evalEvery: config.evalEvery,
      distill: { teacher: { arch: wide, params: teacher }, ...config.distill },
      label: "B-distill student",
    }).finally(() => disposeParams(student));
    const curve = copyCurve(head);
    extendCurve(curve, run, offset, planD.phases[planD.phases.length - 1].cost);
    arms.push(freeRun(run, { arm: "B-distill", spent: planD.spent, curve, ...finalOf(run) }));
  } finally {
    disposeParams(teacher);
  }
  arms.push(await armD(ctx, seeds[0]));
  return { arms, valLoss: screening.valLoss, picked: screening.picked };
}

function copyCurve(c: ComputeCurve): ComputeCurve {
  return { compute: [...c.compute], testAcc: [...c.testAcc], testLoss: [...c.testLoss] };
}

/** Arm D: one init at 2w for ⌊B/2w⌋ steps. */
async function armD(ctx: RunContext, seed: number): Promise<ArmResult> {
  const { config } = ctx;
  const { wide } = ticketArchs(config);
  const plan = armPlan(config, "D");
  const init = initParams(wide, { seed, init: config.init });
  const run = await trainSteps(ctx, wide, init, {
    numSteps: phaseSteps(plan, "train"),
    rewindStep: 0,
    evalEvery: Math.max(1, Math.floor(config.evalEvery / 2)),
    label: "D one init at 2w",
  }).finally(() => disposeParams(init));
  const curve = emptyCurve();
  extendCurve(curve, run, 0, 2 * config.sizes[1]);
  return freeRun(run, { arm: "D", spent: plan.spent, curve, ...finalOf(run) });
}
