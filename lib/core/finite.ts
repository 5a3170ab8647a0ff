import * as tf from "@tensorflow/tfjs";
import type { Params } from "./params";

/**
 * Finiteness checks for the entry points that turn weights into numbers a researcher reads (evaluation,
 * interpolation, matching, canonical forms, distances, ...). Float32 arithmetic does not always carry a NaN
 * through: wasm's fused ReLU maps NaN to 0, so a network with NaN weights can report a plausible loss. The
 * check therefore looks at the weights themselves, at the entry, once per call: one reduction over every
 * tensor and one device sync. It is not for hot paths (the training loop checks its params once, at the start).
 */

/**
 * The index of the first of `tensors` holding a NaN or ±Inf, or -1 when every entry of every one is finite.
 * One reduction over all of them and one device sync; creates no tensors that outlive the call.
 *
 * @param tensors any shapes and float or int dtypes; not disposed.
 */
export function firstNonFinite(tensors: readonly tf.Tensor[]): number {
  if (tensors.length === 0) return -1;
  const finite = tf.tidy(() => tf.stack(tensors.map((t) => tf.all(tf.isFinite(t)))).dataSync());
  return finite.findIndex((ok) => ok === 0);
}

/** `"i, j, ..."`: the multi-index of flat (row-major) index `flat` in `shape`, for messages. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1, rest = flat; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return index.join(", ");
}

/**
 * What is wrong with a tensor that holds NaN or ±Inf, for an error message: how many entries are not finite
 * and where the first is, e.g. `2 of 12 entries; the first is NaN at [0, 1]`. Reads `t` (one sync).
 */
export function describeNonFinite(t: tf.Tensor): string {
  const values = t.dataSync();
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue;
    if (first < 0) first = i;
    count++;
  }
  if (first < 0) return "no non-finite entries";
  return `${count} of ${values.length} entries; the first is ${values[first]} at [${formatIndex(first, t.shape)}]`;
}

/** The message for `name` of a network holding NaN or Inf; `of` names the network, if there are several. */
function nonFiniteMessage(where: string, name: string, t: tf.Tensor, of?: string): string {
  return (
    `${where}: ${name}${of === undefined ? "" : ` of ${of}`} holds NaN or Inf values (${describeNonFinite(t)}); ` +
    "results computed from them would be meaningless. Find what produced them: a training run that " +
    "diverged (train stops at the first NaN/Inf loss and names its step), a corrupt params file, or an " +
    "operation on the weights that overflowed float32"
  );
}

/**
 * Checks every tensor of `params` is finite (no NaN, no ±Inf), with one reduction over all of them and one
 * device sync. Call it at the entry of a function whose result a researcher would trust.
 *
 * @param where prefixes the message: the calling function, e.g. `"evaluate"`.
 * @throws `<where>: <param> holds NaN or Inf values (<count> of <size> entries; the first is NaN at [i, j]);
 *   ...`, naming the first such param (in storage order) and where such weights come from.
 */
export function assertFiniteParams(params: Params, where: string): void {
  const names = Object.keys(params);
  const bad = firstNonFinite(names.map((name) => params[name]));
  if (bad >= 0) throw new Error(nonFiniteMessage(where, names[bad], params[names[bad]]));
}

/**
 * {@link assertFiniteParams} for several networks at once (still one reduction and one device sync), e.g.
 * `assertFiniteNetworks({ "network a": a, "network b": b }, "weightMatching")`.
 *
 * @param networks the networks by the label the message gives them.
 * @throws `<where>: <param> of <label> holds NaN or Inf values (...); ...`, for the first such param of the
 *   first such network (in the order given).
 */
export function assertFiniteNetworks(networks: Readonly<Record<string, Params>>, where: string): void {
  const entries = Object.entries(networks).flatMap(([of, params]) =>
    Object.keys(params).map((name) => [of, name, params[name]] as const),
  );
  const bad = firstNonFinite(entries.map(([, , t]) => t));
  if (bad >= 0) throw new Error(nonFiniteMessage(where, entries[bad][1], entries[bad][2], entries[bad][0]));
}
