import * as tf from "@tensorflow/tfjs";

/**
 * An MLP's parameters as plain data: an ordered map from name to tensor,
 * `dense0/kernel [in, h0]`, `dense0/bias [h0]`, `dense1/kernel [h0, h1]`, ... in layer order.
 * Functions take a `Params` and return new ones; whoever creates a `Params` owns (disposes) its tensors.
 */
export type Params = Readonly<Record<string, tf.Tensor>>;

/** The name of layer `layer`'s kernel, `dense{layer}/kernel`, shape `[inDim, outDim]`. */
export function kernelName(layer: number): string {
  return `dense${layer}/kernel`;
}

/** The name of layer `layer`'s bias, `dense{layer}/bias`, shape `[outDim]`. */
export function biasName(layer: number): string {
  return `dense${layer}/bias`;
}

/**
 * Checks that `params` is a well-formed MLP (consecutive `dense{i}/kernel` 2-D and `dense{i}/bias` 1-D,
 * with matching widths) and returns its layer sizes `[inDim, h0, ..., outDim]`.
 *
 * @throws naming the first parameter that is missing or has the wrong shape.
 */
export function layerSizes(params: Params): number[] {
  const numLayers = Object.keys(params).filter((name) => name.endsWith("/kernel")).length;
  if (numLayers === 0) throw new Error("params hold no `dense{i}/kernel`: build them with g.initMlp(...)");
  const sizes: number[] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    const kernel = params[kernelName(layer)];
    const bias = params[biasName(layer)];
    if (!kernel || kernel.rank !== 2) {
      throw new Error(
        `params need a 2-D ${kernelName(layer)} [in, out]; got ${kernel ? `[${kernel.shape}]` : "none"}`,
      );
    }
    if (!bias || bias.rank !== 1 || bias.shape[0] !== kernel.shape[1]) {
      throw new Error(
        `params need ${biasName(layer)} of shape [${kernel.shape[1]}] to match ${kernelName(layer)} ` +
          `[${kernel.shape}]; got ${bias ? `[${bias.shape}]` : "none"}`,
      );
    }
    if (layer === 0) sizes.push(kernel.shape[0]);
    else if (kernel.shape[0] !== sizes[layer]) {
      throw new Error(
        `${kernelName(layer)} has ${kernel.shape[0]} inputs but ${kernelName(layer - 1)} has ${sizes[layer]} outputs`,
      );
    }
    sizes.push(kernel.shape[1]);
  }
  return sizes;
}

/** The number of dense layers in `params` (hidden layers + the output layer). */
export function numLayers(params: Params): number {
  return layerSizes(params).length - 1;
}

/** A deep copy of `params`; the caller owns the new tensors. */
export function cloneParams(params: Params): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(params)) out[name] = t.clone();
  return out;
}

/** Disposes every tensor in `params`. */
export function disposeParams(params: Params): void {
  tf.dispose(Object.values(params));
}
