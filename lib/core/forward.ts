import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, type Layer, layersOf } from "./architecture";
import type { LayerParams } from "./layer-kind";
import type { Params } from "./params";

/** Layer `layer`'s params by suffix, borrowed from `params`. */
export function layerParams(layer: Layer, params: Params): LayerParams {
  const out: Record<string, tf.Tensor> = {};
  for (const [suffix, name] of Object.entries(layer.paramNames)) out[suffix] = params[name];
  return out;
}

function checkInput(arch: Architecture, X: tf.Tensor, where: string): void {
  if (X.rank !== 2 || X.shape[1] !== arch.inDim) {
    throw new Error(`${where}: X must be [batch, ${arch.inDim}] for this architecture; got [${X.shape}]`);
  }
}

/**
 * The model's function: each layer's kind applied in turn.
 *
 * @param arch the architecture; @param params its params (checked against it).
 * @param X inputs `[batch, inDim]`.
 * @returns outputs `[batch, outDim]`; the caller owns it.
 * @throws when the params do not fit the architecture or `X` is not `[batch, inDim]`.
 */
export function forward(arch: Architecture, params: Params, X: tf.Tensor2D): tf.Tensor2D {
  checkParams(arch, params, "forward");
  checkInput(arch, X, "forward");
  return tf.tidy(() => {
    let h: tf.Tensor2D = X;
    for (const layer of layersOf(arch)) h = layer.kind.forward(layer.spec, layerParams(layer, params), h);
    return h;
  });
}

/**
 * The output of every layer, `[batch, out_l]` for l = 0 .. L-1 (the last is `forward`'s), e.g. the hidden
 * activations that activation matching compares. The caller owns the returned tensors.
 *
 * @throws as {@link forward}.
 */
export function layerOutputs(arch: Architecture, params: Params, X: tf.Tensor2D): tf.Tensor2D[] {
  checkParams(arch, params, "layerOutputs");
  checkInput(arch, X, "layerOutputs");
  return tf.tidy(() => {
    const out: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = X;
    for (const layer of layersOf(arch)) {
      h = layer.kind.forward(layer.spec, layerParams(layer, params), h);
      out.push(h);
    }
    return out;
  });
}
