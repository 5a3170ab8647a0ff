import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, layerSizes } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { assertFiniteParams } from "../core/finite";
import type { Params } from "../core/params";

/**
 * Knowledge distillation (Hinton et al. 2015) as a training option: the student minimises
 * `α·T²·KL(softmax(t/T) ‖ softmax(z/T)) + (1 − α)·CE(y, softmax(z))`, with `t` the teacher's logits on the same
 * batch, `z` the student's, `y` the labels and T the temperature.
 */
export interface DistillOptions {
  /** The teacher: any architecture mapping the student's inputs to its outputs, and its params (not disposed). */
  readonly teacher: { readonly arch: Architecture; readonly params: Params };
  /** Weight of the soft (teacher) term, in [0, 1] (default 0.9); 0 is plain cross-entropy. */
  readonly alpha?: number;
  /** Temperature T > 0 of both softmaxes in the soft term (default 4). */
  readonly temperature?: number;
}

/** The weights of the distillation loss. */
export interface DistillWeights {
  readonly alpha: number;
  readonly temperature: number;
}

/** {@link DistillOptions} checked against the student, with defaults filled in. */
export interface ResolvedDistill extends DistillWeights {
  readonly arch: Architecture;
  readonly params: Params;
}

/** Hinton et al.'s usual setting: T = 4, α = 0.9. */
export const DEFAULT_DISTILL: DistillWeights = { alpha: 0.9, temperature: 4 };

/**
 * Checks a distillation option against the student's architecture: α in [0, 1], T > 0 and finite, the
 * teacher's params fitting its architecture and finite (one device sync), and the teacher's input and output
 * widths equal to the student's.
 *
 * @param where prefixes messages, e.g. `"train: distill"`.
 * @throws naming the option, e.g. `train: distill: the teacher maps 784 → 10 but the student maps 784 → 5; ...`.
 */
export function resolveDistill(
  student: Architecture,
  distill: DistillOptions,
  where: string,
): ResolvedDistill {
  checkOptions(distill, { teacher: "object", alpha: "number?", temperature: "number?" }, where);
  checkOptions(distill.teacher, { arch: "object", params: "object" }, `${where}: teacher`);
  const { alpha, temperature } = { ...DEFAULT_DISTILL, ...withoutUndefined(distill) };
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`${where}: alpha must be in [0, 1]; got ${alpha}`);
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    throw new Error(`${where}: temperature must be a finite number > 0; got ${temperature}`);
  }
  const { arch, params } = distill.teacher;
  checkParams(arch, params, `${where}: teacher`);
  assertFiniteParams(params, `${where}: teacher`);
  const [t, s] = [layerSizes(arch), layerSizes(student)];
  const [tIn, tOut, sIn, sOut] = [t[0], t[t.length - 1], s[0], s[s.length - 1]];
  if (tIn !== sIn || tOut !== sOut) {
    throw new Error(
      `${where}: the teacher maps ${tIn} → ${tOut} but the student maps ${sIn} → ${sOut}; a teacher must ` +
        "take the student's inputs and give its outputs",
    );
  }
  return { arch, params, alpha, temperature };
}

function withoutUndefined(d: DistillOptions): Partial<DistillWeights> {
  const out: { alpha?: number; temperature?: number } = {};
  if (d.alpha !== undefined) out.alpha = d.alpha;
  if (d.temperature !== undefined) out.temperature = d.temperature;
  return out;
}

function checkTriple(where: string, z: tf.Tensor, y: tf.Tensor, t: tf.Tensor): void {
  if (z.rank !== 2 || !tf.util.arraysEqual(z.shape, y.shape) || !tf.util.arraysEqual(z.shape, t.shape)) {
    throw new Error(
      `${where}: student logits, labels and teacher logits must all be [batch, numClasses]; got ` +
        `[${z.shape}], [${y.shape}] and [${t.shape}]`,
    );
  }
}

/**
 * The distillation loss, mean over the batch (see {@link DistillOptions}).
 *
 * @param z student logits `[batch, k]`; @param y one-hot labels `[batch, k]`; @param t teacher logits `[batch, k]`.
 * @returns a scalar the caller owns. At α = 0 it is `softmaxCrossEntropy(z, y)`.
 */
export function distillationLoss(
  z: tf.Tensor2D,
  y: tf.Tensor2D,
  t: tf.Tensor2D,
  { alpha, temperature: T }: DistillWeights,
): tf.Scalar {
  checkTriple("distillationLoss", z, y, t);
  return tf.tidy(() => {
    const ce = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1)));
    const logPt = tf.logSoftmax(tf.div(t, T));
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, tf.logSoftmax(tf.div(z, T)))), 1));
    return tf.add(tf.mul(kl, alpha * T * T), tf.mul(ce, 1 - alpha)) as tf.Scalar;
  });
}

/**
 * The distillation loss and its gradient with respect to the student's logits in closed form:
 * `∂L/∂z = [(1 − α)(softmax(z) − y) + α·T·(softmax(z/T) − softmax(t/T))] / batch`.
 *
 * @returns `{ loss: Scalar, dYHat: [batch, k] }`, both owned by the caller.
 */
export function distillationLossAndGradient(
  z: tf.Tensor2D,
  y: tf.Tensor2D,
  t: tf.Tensor2D,
  weights: DistillWeights,
): { loss: tf.Scalar; dYHat: tf.Tensor2D } {
  checkTriple("distillationLossAndGradient", z, y, t);
  const { alpha, temperature: T } = weights;
  const batch = z.shape[0];
  return tf.tidy(() => {
    const loss = distillationLoss(z, y, t, weights);
    const hard = tf.mul(tf.sub(tf.softmax(z), y), 1 - alpha);
    const soft = tf.mul(tf.sub(tf.softmax(tf.div(z, T)), tf.softmax(tf.div(t, T))), alpha * T);
    return { loss, dYHat: tf.div(tf.add(hard, soft), batch) as tf.Tensor2D };
  });
}
