import * as tf from "@tensorflow/tfjs";
import { biasName, kernelName, layerSizes, type Params } from "./params";

/** The hidden-layer nonlinearities {@link forward} and the training loop support. */
export const ACTIVATIONS = ["relu", "linear", "leakyRelu"] as const;

/** One of {@link ACTIVATIONS}. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Applies `activation` elementwise. The caller owns the result. */
export function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  if (activation === "relu") return tf.relu(z);
  if (activation === "leakyRelu") return tf.leakyRelu(z, LEAKY_RELU_ALPHA);
  return z.clone();
}

/** The negative slope of `"leakyRelu"`. */
export const LEAKY_RELU_ALPHA = 0.01;

/**
 * One dense layer `act(h W + b)` as a single fused kernel (matMul + bias + activation), the way the training
 * loop computes it, so inference and training agree bit for bit.
 *
 * @param h inputs `[batch, in]`; @param kernel `[in, out]`; @param bias `[out]`.
 * @returns `[batch, out]`; the caller owns it.
 */
export function denseLayer(
  h: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: Activation,
): tf.Tensor2D {
  const fused = activation === "leakyRelu" ? "leakyrelu" : activation;
  return tf.fused.matMul({
    a: h,
    b: kernel,
    bias,
    activation: fused,
    leakyreluAlpha: LEAKY_RELU_ALPHA,
  }) as tf.Tensor2D;
}

/**
 * The MLP's function: hidden layers `h = act(h W + b)`, a linear output layer (logits).
 *
 * @param params an MLP's parameters (see {@link Params}).
 * @param X inputs `[batch, inDim]`.
 * @param activation the hidden nonlinearity (default ReLU).
 * @returns outputs `[batch, outDim]`; the caller owns it.
 * @throws when `X` is not 2-D with `inDim` columns.
 */
export function forward(params: Params, X: tf.Tensor2D, activation: Activation = "relu"): tf.Tensor2D {
  const sizes = layerSizes(params);
  if (X.rank !== 2 || X.shape[1] !== sizes[0]) {
    throw new Error(`forward: X must be [batch, ${sizes[0]}] for these params; got [${X.shape}]`);
  }
  return tf.tidy(() => {
    let h: tf.Tensor2D = X;
    for (let layer = 0; layer < sizes.length - 1; layer++) {
      const act = layer < sizes.length - 2 ? activation : "linear";
      h = denseLayer(
        h,
        params[kernelName(layer)] as tf.Tensor2D,
        params[biasName(layer)] as tf.Tensor1D,
        act,
      );
    }
    return h;
  });
}

/**
 * The hidden activations after each hidden layer, `[batch, h_l]` for l = 0 .. L-2 (used by activation
 * matching and by plots of what neurons respond to). The caller owns the returned tensors.
 */
export function hiddenActivations(
  params: Params,
  X: tf.Tensor2D,
  activation: Activation = "relu",
): tf.Tensor2D[] {
  const sizes = layerSizes(params);
  return tf.tidy(() => {
    const out: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = X;
    for (let layer = 0; layer < sizes.length - 2; layer++) {
      h = denseLayer(
        h,
        params[kernelName(layer)] as tf.Tensor2D,
        params[biasName(layer)] as tf.Tensor1D,
        activation,
      );
      out.push(h);
    }
    return out;
  });
}
