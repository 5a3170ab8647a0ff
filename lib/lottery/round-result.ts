import * as tf from "@tensorflow/tfjs";
import type { Mask } from "../train/mask";
import type { TrainResult } from "../train/train-result";
import type { RunKind } from "./config";

/**
 * The learning curve of one run, sampled at every evaluation: the validation loss only, as rounds evaluate the
 * test set only where the val loss improves and at the end (`testWhen: "improved"`); the test accuracies a
 * round reports are `earlyStopTestAcc` and `finalTestAcc`.
 */
export interface RoundCurve {
  /** Training iteration of each evaluation (counted from the original init, so rewound runs start at k). */
  readonly step: readonly number[];
  readonly valLoss: readonly number[];
}

/** What one training run of an IMP round (the ticket or a control) gives, as plain JSON. */
export interface RoundResult {
  readonly round: number;
  readonly kind: RunKind;
  /** Fraction of all kernel weights remaining, in (0, 1]. */
  readonly density: number;
  /** Kept weights per kernel, e.g. `{"dense0/kernel": 188160, ...}`. */
  readonly kept: Readonly<Record<string, number>>;
  /** Steps trained in this run. */
  readonly numSteps: number;
  /** Minimum validation loss. */
  readonly bestValLoss: number;
  /** Early-stopping iteration: the iteration of minimum validation loss (from the original init). */
  readonly earlyStopStep: number;
  /** Test accuracy at the early-stopping iteration. */
  readonly earlyStopTestAcc: number;
  /** Test accuracy at the end of training. */
  readonly finalTestAcc: number;
  readonly curve: RoundCurve;
}

/** Kept weights per mask entry and the overall density (kept / all masked weights). */
export function keptCounts(mask: Mask): { kept: Record<string, number>; density: number } {
  const kept: Record<string, number> = {};
  let total = 0;
  let sum = 0;
  for (const name of mask.names) {
    const m = mask.get(name) as tf.Tensor;
    kept[name] = tf.tidy(() => m.sum().dataSync()[0]);
    total += m.size;
    sum += kept[name];
  }
  return { kept, density: total === 0 ? 1 : sum / total };
}

/**
 * Summarises a finished training run (which needs val and test data) as a {@link RoundResult}.
 *
 * @param rewindStep the iteration the run started from (the rewind step k; 0 from the original init).
 * @throws when the run made no validation or test evaluation.
 */
export function summarizeRound(
  res: TrainResult,
  mask: Mask,
  round: number,
  kind: RunKind,
  rewindStep: number,
): RoundResult {
  const last = res.evals[res.evals.length - 1];
  if (!res.best?.val || !res.best.test || !last?.test) {
    throw new Error("lottery: a round needs val and test evaluations to report early stopping");
  }
  const { kept, density } = keptCounts(mask);
  return {
    round,
    kind,
    density,
    kept,
    numSteps: res.numSteps,
    bestValLoss: res.best.val.loss,
    earlyStopStep: rewindStep + res.best.step,
    earlyStopTestAcc: res.best.test.accuracy ?? NaN,
    finalTestAcc: last.test.accuracy ?? NaN,
    curve: {
      step: res.evals.map((e) => rewindStep + e.step),
      valLoss: res.evals.map((e) => e.val?.loss ?? NaN),
    },
  };
}

/**
 * Whether a run's early-stopping iteration is censored: its validation loss was lowest at the last evaluation,
 * so the true minimum may lie beyond the training budget and its "accuracy at early stopping" is the accuracy
 * at the cap.
 */
export function isCensored(result: RoundResult): boolean {
  const steps = result.curve.step;
  return steps.length > 0 && result.earlyStopStep === steps[steps.length - 1];
}
