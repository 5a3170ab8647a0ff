import { initParams } from "../core/init";
import { cloneParams, disposeParams, type Params } from "../core/params";
import { runImp } from "../lottery/imp";
import { evaluate } from "../train/evaluate";
import type { Mask } from "../train/mask";
import { armPlan, phaseSteps } from "./budget";
import { ticketArchs } from "./config";
import type { ArmResult } from "./arm-result";
import { emptyCurve, extendCurve, freeRun, type RunContext, trainSteps } from "./run-steps";

/**
 * Arm E, dense first and then sparsify (notebook 01's IMP with late rewinding): the 2w net trains dense for
 * s steps, then `imp.numRounds` rounds prune its first layer by global magnitude (the output layer is never
 * pruned) at the rate that leaves half of it, 1 − 0.5^(1/rounds) per round (so it keeps as many first-layer
 * weights as a width-w net has), rewind the survivors to step `imp.rewindStep` and train s − rewindStep steps.
 * The last ticket trains on for the steps left in the budget.
 *
 * @param seed the init seed (arm D's). @returns the arm's result; no tensors.
 */
export async function impArm(ctx: RunContext, seed: number): Promise<ArmResult> {
  const { config } = ctx;
  const { wide } = ticketArchs(config);
  const w2 = 2 * config.sizes[1];
  const plan = armPlan(config, "E");
  const [s, R, r] = [phaseSteps(plan, "dense"), config.imp.numRounds, config.imp.rewindStep];
  const init = initParams(wide, { seed, init: config.init });
  let last: { params: Params; mask: Mask } | undefined;
  const curve = emptyCurve();
  let offset = 0; // compute spent before the current round's training
  let rewind = 0; // the step the current round's training starts from
  try {
    await runImp(
      init,
      { train: ctx.train, val: ctx.val, test: ctx.test },
      {
        arch: wide,
        optimizer: config.optimizer,
        batchSize: config.batchSize,
        numSteps: s,
        evalEvery: Math.max(1, Math.floor(config.evalEvery / 2)),
        numRounds: R,
        pruning: { kind: "magnitude-global", rate: 1 - 0.5 ** (1 / R) },
        rewindStep: r,
      },
      {
        seed: ctx.dataSeed,
        progress: ctx.progress,
        label: `${ctx.label} · E`,
        signal: ctx.options.signal,
        handleSigint: ctx.options.handleSigint,
        // the curve reads every evaluation's test accuracy (a round's result keeps only its val curve)
        testWhen: "always",
        callbacks: {
          onRoundStart: ({ round: i }) => {
            [offset, rewind] = i === 0 ? [0, 0] : [w2 * (s + (i - 1) * (s - r) - r), r];
          },
          train: {
            onEval: (record) => {
              curve.compute.push(offset + w2 * (rewind + record.step));
              curve.testAcc.push(record.test?.accuracy ?? NaN);
              curve.testLoss.push(NaN);
            },
          },
          onRound: ({ round, trained, mask }) => {
            if (round === R) last = { params: cloneParams(trained), mask: mask.clone() };
          },
        },
      },
    );
  } finally {
    disposeParams(init);
  }
  const ticket = last as { params: Params; mask: Mask };
  try {
    const rest = phaseSteps(plan, "imp-rest");
    if (rest === 0) {
      const e = evaluate(wide, ticket.params, ctx.test, { loss: "softmaxCrossEntropy" });
      return { arm: "E", spent: plan.spent, curve, finalAcc: e.accuracy ?? NaN, finalLoss: e.loss };
    }
    const run = await trainSteps(ctx, wide, ticket.params, {
      numSteps: rest,
      rewindStep: s,
      evalEvery: rest,
      mask: ticket.mask,
      label: "E last ticket, the steps left",
    });
    extendCurve(curve, run, w2 * (s + R * (s - r)), w2, true);
    const lastEval = run.evals[run.evals.length - 1].test;
    return freeRun(run, {
      arm: "E",
      spent: plan.spent,
      curve,
      finalAcc: lastEval?.accuracy ?? NaN,
      finalLoss: lastEval?.loss ?? NaN,
    });
  } finally {
    disposeParams(ticket.params);
    ticket.mask.dispose();
  }
}
