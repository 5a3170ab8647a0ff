import * as tf from "@tensorflow/tfjs";
import { biasName, kernelName, layerSizes, type Params } from "../core/params";

/** Positive per-neuron scales, one vector per hidden layer: `scales[l]` has hidden layer l's width. */
export type Scales = ReadonlyArray<ArrayLike<number>>;

/**
 * Checks `scales` fits `params`: one vector per hidden layer of the right width, every entry positive and finite.
 *
 * @returns the layer sizes `[inDim, h0, ..., outDim]`.
 * @throws naming the first misfit.
 */
export function assertScalesFit(params: Params, scales: Scales, label = "rescale"): number[] {
  const sizes = layerSizes(params);
  const numHidden = sizes.length - 2;
  if (scales.length !== numHidden) {
    throw new Error(
      `${label}: expected ${numHidden} scale vectors (one per hidden layer); got ${scales.length}`,
    );
  }
  scales.forEach((c, l) => {
    if (c.length !== sizes[l + 1]) {
      throw new Error(
        `${label}: scales[${l}] has ${c.length} entries but hidden layer ${l} has ${sizes[l + 1]} units`,
      );
    }
    for (let i = 0; i < c.length; i++) {
      if (!(c[i] > 0) || !Number.isFinite(c[i])) {
        throw new Error(`${label}: scales[${l}][${i}] is ${c[i]}; scales must be positive and finite`);
      }
    }
  });
  return sizes;
}

/**
 * Positive rescaling, the continuous symmetry of ReLU (and any positively homogeneous) hidden layers:
 * neuron i of hidden layer l gets incoming weights and bias × c, outgoing weights × 1/c, where
 * `c = scales[l][i]`. The function is unchanged.
 *
 * @param params an MLP: `dense{l}/kernel [in, out]`, `dense{l}/bias [out]`.
 * @param scales one positive vector per hidden layer (`[h_l]`).
 * @returns new parameters; the caller owns (disposes) them.
 * @throws when the scales don't fit, or one is zero, negative, NaN or infinite.
 */
export function rescale(params: Params, scales: Scales): Params {
  const sizes = assertScalesFit(params, scales);
  const numLayers = sizes.length - 1;
  const known = new Set(Array.from({ length: numLayers }, (_, l) => [kernelName(l), biasName(l)]).flat());
  for (const name of Object.keys(params)) {
    if (!known.has(name)) throw new Error(`rescale: params have ${name}, which is not part of an MLP`);
  }
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (let l = 0; l < numLayers; l++) {
      let kernel = params[kernelName(l)];
      let bias = params[biasName(l)];
      if (l < numLayers - 1) {
        const c = tf.tensor1d(Float32Array.from(scales[l]));
        kernel = tf.mul(kernel, c.reshape([1, -1]));
        bias = tf.mul(bias, c);
      }
      if (l > 0) kernel = tf.div(kernel, tf.tensor1d(Float32Array.from(scales[l - 1])).reshape([-1, 1]));
      out[kernelName(l)] = kernel === params[kernelName(l)] ? kernel.clone() : kernel;
      out[biasName(l)] = bias === params[biasName(l)] ? bias.clone() : bias;
    }
    return out;
  });
}
