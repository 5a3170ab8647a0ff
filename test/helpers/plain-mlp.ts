import * as tf from "@tensorflow/tfjs";
import { type Activation, LEAKY_RELU_ALPHA } from "../../lib/core/activations";
import type { Params } from "../../lib/core/params";

/** Each activation written out with plain tfjs ops (the oracle; independent of ACTIVATION_DEFS). */
export const PLAIN: Record<Activation, (z: tf.Tensor2D) => tf.Tensor2D> = {
  relu: (z) => tf.maximum(z, 0),
  leakyRelu: (z) => tf.maximum(z, tf.mul(z, LEAKY_RELU_ALPHA)), // α < 1
  linear: (z) => z,
  squaredRelu: (z) => tf.mul(tf.maximum(z, 0), tf.maximum(z, 0)),
  tanh: (z) => tf.tanh(z),
  silu: (z) => tf.div(z, tf.add(1, tf.exp(tf.neg(z)))),
};

/**
 * The textbook MLP of `mlp(sizes, { activation })` with separate matMul, add and activation ops: the output
 * of every layer, the last one linear. Call inside `tf.tidy`.
 */
export function plainLayers(
  params: Params,
  X: tf.Tensor2D,
  activation: Activation,
  numLayers: number,
): tf.Tensor2D[] {
  const out: tf.Tensor2D[] = [];
  let h = X;
  for (let l = 0; l < numLayers; l++) {
    const z = tf.add(
      tf.matMul(h, params[`dense${l}/kernel`] as tf.Tensor2D),
      params[`dense${l}/bias`],
    ) as tf.Tensor2D;
    h = l < numLayers - 1 ? PLAIN[activation](z) : z;
    out.push(h);
  }
  return out;
}
