import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf } from "../core/architecture";
import { layerOutputs } from "../core/forward";
import type { Params } from "../core/params";

/**
 * The fraction of a layer's units that are dead on `X`: their output is 0 on every example (a ReLU unit whose
 * hinge lies outside the data, so it gets no gradient and contributes nothing).
 *
 * @param layer the layer's index or name. @param X inputs `[batch, inDim]` (not disposed).
 * @returns a number in [0, 1]; no tensors.
 * @throws when the layer does not exist, or as `layerOutputs`.
 */
export function deadUnitFraction(
  arch: Architecture,
  params: Params,
  layer: number | string,
  X: tf.Tensor2D,
): number {
  const layers = layersOf(arch);
  const index = typeof layer === "number" ? layer : layers.findIndex((l) => l.name === layer);
  if (!layers[index]) {
    throw new Error(
      `deadUnitFraction: no layer ${JSON.stringify(layer)}; the layers are ${layers.map((l) => l.name).join(", ")}`,
    );
  }
  const alive = tf.tidy(() => {
    const outputs = layerOutputs(arch, params, X);
    return tf.any(tf.notEqual(outputs[index], 0), 0).dataSync();
  });
  return Array.from(alive).filter((a) => !a).length / alive.length;
}
