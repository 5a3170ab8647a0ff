import * as tf from "@tensorflow/tfjs";
import { type Architecture, type Layer, layersOf } from "../core/architecture";
import type { Params } from "../core/params";

/**
 * How a population of K members of one architecture stores its params, one tensor ("slot") per param name:
 * - the first layer's kernel side by side, `[inDim, K·units]` (member k owns columns `k·units ..`), and its
 *   bias `[K·units]`, so the first layer of every member is one 2-D matMul of the shared batch;
 * - every other param stacked, `[K, ...shape]`.
 * An elementwise optimizer applied to the slots updates every member in one op per slot, and gives each
 * member exactly what it would give that member alone.
 */
export interface PopulationLayout {
  readonly size: number;
  readonly arch: Architecture;
  /** The first layer (its params are concatenated along the units axis). */
  readonly first: Layer;
}

/** The layout of `size` members of `arch` (see {@link PopulationLayout}). */
export function populationLayout(arch: Architecture, size: number): PopulationLayout {
  return { size, arch, first: layersOf(arch)[0] };
}

/** Whether `name` is one of the first layer's params (concatenated rather than stacked). */
export function isFirstLayerParam(layout: PopulationLayout, name: string): boolean {
  return Object.values(layout.first.paramNames).includes(name);
}

/**
 * Packs one tensor per member into a slot: concatenated along the last axis for the first layer's params,
 * stacked on a new leading axis for the others. `parts` are borrowed; the caller owns the slot.
 */
export function packSlot(layout: PopulationLayout, name: string, parts: readonly tf.Tensor[]): tf.Tensor {
  if (isFirstLayerParam(layout, name)) return tf.concat(parts as tf.Tensor[], parts[0].rank - 1);
  return tf.stack(parts as tf.Tensor[]);
}

/** Packs `members` (one param map each, borrowed) into slots the caller owns. */
export function packParams(layout: PopulationLayout, members: readonly Params[]): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const name of Object.keys(members[0])) {
    out[name] = packSlot(
      layout,
      name,
      members.map((p) => p[name]),
    );
  }
  return out;
}

/**
 * Splits a slot into one tensor per member, on the host (one read of the slot, one upload per member):
 * tfjs-wasm's `slice`, `split`, `unstack` and `gather` copy the whole input for every piece, which costs more
 * than the matMuls here. `shape` is one member's shape. The caller owns the returned tensors.
 */
export function unpackSlot(
  layout: PopulationLayout,
  name: string,
  slot: tf.Tensor,
  shape: readonly number[],
): tf.Tensor[] {
  const values = slot.dataSync() as Float32Array;
  const K = layout.size;
  const size = shape.reduce((a, b) => a * b, 1);
  if (!isFirstLayerParam(layout, name)) {
    return Array.from({ length: K }, (_, k) => tf.tensor(values.slice(k * size, (k + 1) * size), [...shape]));
  }
  return splitColumns(values, K, shape);
}

/**
 * `[rows, K·cols]` row-major values (or `[K·cols]` when `shape` is 1-D) split into K tensors `[rows, cols]`,
 * member k taking columns `k·cols ..`. The caller owns them.
 */
export function splitColumns(values: Float32Array, K: number, shape: readonly number[]): tf.Tensor[] {
  const cols = shape[shape.length - 1];
  const rows = shape.length === 1 ? 1 : shape[0];
  const width = K * cols;
  return Array.from({ length: K }, (_, k) => {
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const from = r * width + k * cols;
      out.set(values.subarray(from, from + cols), r * cols);
    }
    return tf.tensor(out, [...shape]);
  });
}

/**
 * Every member's params, unpacked from the slots (one read per slot). The caller owns the returned maps.
 *
 * @param shapes one member's shape per param name.
 */
export function unpackParams(
  layout: PopulationLayout,
  slots: Params,
  shapes: Readonly<Record<string, readonly number[]>>,
): Params[] {
  const members: Record<string, tf.Tensor>[] = Array.from({ length: layout.size }, () => ({}));
  for (const [name, slot] of Object.entries(slots)) {
    unpackSlot(layout, name, slot, shapes[name]).forEach((t, k) => (members[k][name] = t));
  }
  return members;
}
