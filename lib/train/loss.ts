import * as tf from "@tensorflow/tfjs";

/** The losses the training loop knows: softmax cross-entropy on logits, and mean squared error. */
export type LossName = "softmaxCrossEntropy" | "mse";

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
 * @param y one-hot (or soft) targets `[batch, numClasses]`.
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
 * @param labels class indices, length `batch` (an array or an int32 `[batch]` tensor, not disposed).
 * @returns a number in [0, 1].
 */
export function accuracy(yHat: tf.Tensor2D, labels: ArrayLike<number> | tf.Tensor1D): number {
  const truth = labels instanceof tf.Tensor ? labels.dataSync() : labels;
  if (yHat.rank !== 2 || truth.length !== yHat.shape[0]) {
    throw new Error(
      `accuracy: yHat must be [batch, numClasses] with batch = ${truth.length}; got [${yHat.shape}]`,
    );
  }
  if (truth.length === 0) throw new Error("accuracy: no examples");
  const predicted = tf.tidy(() => tf.argMax(yHat, 1).dataSync());
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct / truth.length;
}
