import * as tf from "@tensorflow/tfjs";

/**
 * A network's parameters as plain data: an ordered map from name to tensor, `<layer>/<suffix>` in layer
 * order, e.g. `dense0/kernel [in, h0]`, `dense0/bias [h0]`, ... (see `Architecture`, which says which names and
 * shapes a model has). Functions take a `Params` and return new ones; whoever creates a `Params` owns
 * (disposes) its tensors.
 */
export type Params = Readonly<Record<string, tf.Tensor>>;

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
