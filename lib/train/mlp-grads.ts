import * as tf from "@tensorflow/tfjs";
import { type Activation, LEAKY_RELU_ALPHA, denseLayer } from "../core/forward";
import { type LossName, lossAndGradient } from "./loss";
import { biasName, kernelName, layerSizes, type Params } from "../core/params";

/** Options for {@link mlpLossAndGrads}. */
export interface MlpGradOptions {
  readonly loss: LossName;
  /** Hidden nonlinearity (default ReLU). */
  readonly activation?: Activation;
  /** Names whose gradients are wanted (default all); others (frozen) are skipped, saving their matMuls. */
  readonly wanted?: ReadonlySet<string>;
}

/**
 * The mean loss of an MLP on one batch and its gradients, by a hand-written backward pass
 * (no autodiff tape): `dW_l = h_lᵀ δ_l`, `db_l = Σ_batch δ_l`, `δ_{l-1} = (δ_l W_lᵀ) ⊙ act'(h_{l-1})`.
 * The input gradient `dX` is never formed, and transposes are explicit because tfjs-wasm's matMul with
 * `transposeA`/`transposeB` takes a slow path (~10× here). Equal to `tf.grads` of {@link computeLoss} up to
 * float rounding (tested).
 *
 * @param params an MLP (see {@link Params}); @param X inputs `[batch, inDim]`; @param y targets `[batch, outDim]`.
 * @returns `{ loss: Scalar, grads }` with one gradient per wanted name, shaped like its parameter; the caller
 * owns (disposes) all of them.
 */
export function mlpLossAndGrads(
  params: Params,
  X: tf.Tensor2D,
  y: tf.Tensor2D,
  options: MlpGradOptions,
): { loss: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const sizes = layerSizes(params);
  const numLayers = sizes.length - 1;
  if (X.rank !== 2 || X.shape[1] !== sizes[0]) {
    throw new Error(`X must be [batch, ${sizes[0]}] for these params; got [${X.shape}]`);
  }
  if (y.rank !== 2 || y.shape[0] !== X.shape[0] || y.shape[1] !== sizes[numLayers]) {
    throw new Error(
      `y must be [${X.shape[0]}, ${sizes[numLayers]}] to match X and the output layer; got [${y.shape}]`,
    );
  }
  const activation = options.activation ?? "relu";
  const wanted = (name: string) => options.wanted === undefined || options.wanted.has(name);
  // Lowest layer whose parameters need a gradient: backpropagation stops there.
  let lowest = numLayers;
  for (let l = 0; l < numLayers && lowest === numLayers; l++) {
    if (wanted(kernelName(l)) || wanted(biasName(l))) lowest = l;
  }
  return tf.tidy(() => {
    const inputs: tf.Tensor2D[] = [X];
    let h = X;
    for (let l = 0; l < numLayers; l++) {
      const act = l < numLayers - 1 ? activation : "linear";
      h = denseLayer(h, params[kernelName(l)] as tf.Tensor2D, params[biasName(l)] as tf.Tensor1D, act);
      inputs.push(h);
    }
    const { loss, dYHat } = lossAndGradient(options.loss, h, y);
    const grads: Record<string, tf.Tensor> = {};
    let delta = dYHat;
    for (let l = numLayers - 1; l >= lowest; l--) {
      const input = inputs[l];
      if (wanted(kernelName(l))) grads[kernelName(l)] = tf.matMul(tf.transpose(input), delta);
      if (wanted(biasName(l))) grads[biasName(l)] = tf.sum(delta, 0);
      if (l === lowest) break;
      const dH = tf.matMul(delta, tf.transpose(params[kernelName(l)] as tf.Tensor2D));
      delta = activationBackward(dH as tf.Tensor2D, input, activation);
    }
    return { loss, grads };
  });
}

/** `dH ⊙ act'(z)` computed from the activation's output `h = act(z)` (`h > 0` exactly when `z > 0`). */
function activationBackward(dH: tf.Tensor2D, h: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  if (activation === "relu") return tf.mul(dH, tf.step(h));
  if (activation === "leakyRelu") return tf.mul(dH, tf.step(h, LEAKY_RELU_ALPHA));
  return dH;
}
