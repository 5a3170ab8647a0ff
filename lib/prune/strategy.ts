import * as tf from "@tensorflow/tfjs";
import type { Mask } from "../train/mask";
import { kernelName, layerSizes, type Params } from "../core/params";

/**
 * The one signature every pruning strategy shares: read `params` and the current `mask`, return a new,
 * sparser `Mask`. Inputs are left untouched; the caller owns (disposes) the returned mask.
 * Masks only ever cover kernels `dense{i}/kernel [in, out]`; biases are never pruned.
 */
export type PruneStrategy<O> = (params: Params, mask: Mask, options: O) => Mask;

/** Options every strategy accepts: which layers (kernel names, e.g. `dense0/kernel`) it may prune. */
export interface LayerOptions {
  /** Kernel names to prune; each strategy documents its default. */
  readonly layers?: readonly string[];
}

/** The prunable parameters of `params`: every kernel, `dense0/kernel` ... `dense{L-1}/kernel`, in layer order. */
export function prunableLayers(params: Params): string[] {
  const numLayers = layerSizes(params).length - 1;
  return Array.from({ length: numLayers }, (_, layer) => kernelName(layer));
}

/** The output layer's kernel name, `dense{L-1}/kernel`. */
export function outputLayer(params: Params): string {
  const all = prunableLayers(params);
  return all[all.length - 1];
}

/**
 * Checks `layers` against the kernels of `params` and returns them in layer order (duplicates dropped),
 * or `fallback` when `layers` is undefined.
 *
 * @throws `<strategy>: unknown layer <name>; valid layers: dense0/kernel, ...` (biases get their own message).
 */
export function resolveLayers(
  strategy: string,
  params: Params,
  layers: readonly string[] | undefined,
  fallback: readonly string[],
): string[] {
  const valid = prunableLayers(params);
  const chosen = layers ?? fallback;
  if (chosen.length === 0) throw new Error(`${strategy}: layers is empty; valid layers: ${valid.join(", ")}`);
  for (const name of chosen) {
    if (name.endsWith("/bias")) throw new Error(`${strategy}: cannot prune ${name}: biases are never pruned`);
    if (!valid.includes(name)) {
      throw new Error(`${strategy}: unknown layer ${name}; valid layers: ${valid.join(", ")}`);
    }
  }
  return valid.filter((name) => chosen.includes(name));
}

/** @throws `<strategy>: <what> must be in (0, 1); got <value>` unless 0 < value < 1. */
export function checkRate(strategy: string, what: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new Error(`${strategy}: ${what} must be in (0, 1); got ${value}`);
}

/** @throws `<strategy>: density must be in (0, 1]; got <value>` unless 0 < value ≤ 1. */
export function checkDensity(strategy: string, value: number): void {
  if (!(value > 0 && value <= 1)) throw new Error(`${strategy}: density must be in (0, 1]; got ${value}`);
}

/**
 * The checks every strategy runs first: `params` is a well-formed MLP with finite values, and `mask` fits it
 * (same names and shapes, kernels only).
 *
 * @throws prefixed with `<strategy>: `, naming the offending parameter or mask entry.
 */
export function checkInputs(strategy: string, params: Params, mask: Mask): void {
  try {
    layerSizes(params);
    mask.assertFits(params);
  } catch (e) {
    throw new Error(`${strategy}: ${(e as Error).message}`);
  }
  for (const name of mask.names) {
    if (!name.endsWith("/kernel")) {
      throw new Error(`${strategy}: mask entry ${name} is not a kernel; biases are never pruned`);
    }
  }
  for (const [name, t] of Object.entries(params)) {
    const finite = tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0]);
    if (!finite) throw new Error(`${strategy}: ${name} holds NaN or infinite values`);
  }
}
