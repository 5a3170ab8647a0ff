import * as tf from "@tensorflow/tfjs";

/** The losses the training loop knows: softmax cross-entropy on logits, and mean squared error. */
export type LossName = "softmaxCrossEntropy" | "mse";

/** Every {@link LossName}, in the order error messages list them. */
export const LOSS_NAMES: readonly LossName[] = ["softmaxCrossEntropy", "mse"];

/**
 * Checks `name` is a {@link LossName}.
 *
 * @param where prefixes the message, e.g. `"evaluate"`.
 * @throws `<where>: unknown loss "<name>"; use "softmaxCrossEntropy" or "mse"`.
 */
export function checkLossName(name: unknown, where: string): asserts name is LossName {
  if (!LOSS_NAMES.includes(name as LossName)) {
    throw new Error(`${where}: unknown loss "${String(name)}"; use "softmaxCrossEntropy" or "mse"`);
  }
}

/**
 * Checks class-index labels: each an integer in [0, numClasses). A label outside that range matches no
 * logit (so accuracy would count it wrong and a one-hot of it would be all zeros, a zero loss and gradient).
 *
 * @param labels class indices (host values). @param where prefixes the message.
 * @throws `<where>: label <k> at example <i> is not a class index in [0, <numClasses>)`.
 */
export function checkLabels(labels: ArrayLike<number>, numClasses: number, where: string): void {
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i];
    if (!Number.isInteger(k) || k < 0 || k >= numClasses) {
      throw new Error(`${where}: label ${k} at example ${i} is not a class index in [0, ${numClasses})`);
    }
  }
}

function checkPair(where: string, yHat: tf.Tensor, y: tf.Tensor): void {
  if (yHat.rank !== 2 || !tf.util.arraysEqual(yHat.shape, y.shape)) {
    throw new Error(
      `${where}: yHat and y must both be [batch, outDim]; got [${yHat.shape}] and [${y.shape}]`,
    );
  }
}

/**
 * Mean softmax cross-entropy, `-mean_i Σ_k y_ik log softmax(yHat_i)_k`.
 *
 * @param yHat logits `[batch, numClasses]`.
 * @param y one-hot (or soft) targets `[batch, numClasses]`. Their values are not checked (that would cost a
 *   device sync on every training step): `evaluate` and SNIP check their labels at entry.
 * @returns a scalar the caller owns.
 */
export function softmaxCrossEntropy(yHat: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  checkPair("softmaxCrossEntropy", yHat, y);
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(yHat)), 1))) as tf.Scalar);
}

/**
 * Mean squared error over all entries, `mean((yHat - y)²)`.
 *
 * @param yHat predictions `[batch, outDim]`; @param y targets `[batch, outDim]`.
 * @returns a scalar the caller owns.
 */
export function meanSquaredError(yHat: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  checkPair("meanSquaredError", yHat, y);
  return tf.tidy(() => tf.mean(tf.squaredDifference(yHat, y)));
}

/** The loss named `name` applied to `yHat` and `y` (both `[batch, outDim]`); the caller owns the scalar. */
export function computeLoss(name: LossName, yHat: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  if (name === "softmaxCrossEntropy") return softmaxCrossEntropy(yHat, y);
  if (name === "mse") return meanSquaredError(yHat, y);
  throw new Error(`unknown loss "${String(name)}"; use "softmaxCrossEntropy" or "mse"`);
}

/**
 * The loss and its gradient with respect to `yHat` in closed form (no autodiff tape):
 * cross-entropy `(softmax(yHat) - y) / batch`, MSE `2 (yHat - y) / (batch · outDim)`.
 *
 * @returns `{ loss: Scalar, dYHat: [batch, outDim] }`, both owned by the caller.
 */
export function lossAndGradient(
  name: LossName,
  yHat: tf.Tensor2D,
  y: tf.Tensor2D,
): { loss: tf.Scalar; dYHat: tf.Tensor2D } {
  checkPair("lossAndGradient", yHat, y);
  const [batch, outDim] = yHat.shape;
  return tf.tidy(() => {
    if (name === "softmaxCrossEntropy") {
      const logP = tf.logSoftmax(yHat);
      const loss = tf.neg(tf.div(tf.sum(tf.mul(y, logP)), batch)) as tf.Scalar;
      return { loss, dYHat: tf.div(tf.sub(tf.exp(logP), y), batch) as tf.Tensor2D };
    }
    if (name === "mse") {
      const diff = tf.sub(yHat, y);
      const loss = tf.div(tf.sum(tf.square(diff)), batch * outDim) as tf.Scalar;
      return { loss, dYHat: tf.mul(diff, 2 / (batch * outDim)) as tf.Tensor2D };
    }
    throw new Error(`unknown loss "${String(name)}"; use "softmaxCrossEntropy" or "mse"`);
  });
}

/**
 * The fraction of rows whose largest logit is the true class.
 *
 * @param yHat logits `[batch, numClasses]`.
 * @param labels class indices, length `batch` (an array or an int32 `[batch]` tensor, not disposed), each an
 *   integer in [0, numClasses).
 * @returns a number in [0, 1].
 * @throws when the shapes disagree, there are no examples, or a label is not a class index.
 */
export function accuracy(yHat: tf.Tensor2D, labels: ArrayLike<number> | tf.Tensor1D): number {
  const truth = labels instanceof tf.Tensor ? labels.dataSync() : labels;
  if (yHat.rank !== 2 || truth.length !== yHat.shape[0]) {
    throw new Error(
      `accuracy: yHat must be [batch, numClasses] with batch = ${truth.length}; got [${yHat.shape}]`,
    );
  }
  if (truth.length === 0) throw new Error("accuracy: no examples");
  checkLabels(truth, yHat.shape[1], "accuracy");
  const predicted = tf.tidy(() => tf.argMax(yHat, 1).dataSync());
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct / truth.length;
}
