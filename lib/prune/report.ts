import * as tf from "@tensorflow/tfjs";
import { type Architecture, paramShapes, prunableParams } from "../core/architecture";
import type { Mask } from "../train/mask";

/** One row of a mask report: how many of a layer's weights survive. */
export interface MaskRow {
  /** A prunable param name such as `dense0/kernel`, or `"total"` for the last row. */
  readonly layer: string;
  /** Kept weights. */
  readonly kept: number;
  /** All weights (kept + pruned). */
  readonly total: number;
  /** `kept / total`, in [0, 1]. */
  readonly density: number;
}

function row(layer: string, kept: number, total: number): MaskRow {
  return { layer, kept, total, density: total === 0 ? 1 : kept / total };
}

/** @throws naming the first mask entry that is not a param of `arch` or has another shape. */
function assertMaskFitsArch(mask: Mask, shapes: Readonly<Record<string, readonly number[]>>): void {
  for (const name of mask.names) {
    const shape = shapes[name];
    const m = mask.get(name) as tf.Tensor;
    if (!shape) {
      throw new Error(
        `maskedFraction: mask entry ${name} is not a param of the architecture (a mask from another one?)`,
      );
    }
    if (!tf.util.arraysEqual(m.shape, [...shape])) {
      throw new Error(
        `maskedFraction: mask entry ${name} is [${m.shape}] but the architecture makes it [${shape}]`,
      );
    }
  }
}

/**
 * A per-layer report of a mask, for tables: one row per layer, then a `"total"` row.
 * With `arch`, every prunable param of the architecture gets a row (unmasked ones count as fully kept), so the
 * total is the fraction of all prunable weights remaining; without, only the mask's entries are listed.
 *
 * @param mask the mask to report; untouched.
 * @param arch optional architecture the mask belongs to (every entry must be one of its params, same shape).
 * @returns plain rows; no tensors are kept.
 * @throws when `mask` does not fit `arch`.
 */
export function maskedFraction(mask: Mask, arch?: Architecture): MaskRow[] {
  let layers = mask.names;
  const shapes = arch ? paramShapes(arch) : {};
  if (arch) {
    assertMaskFitsArch(mask, shapes);
    const prunable = prunableParams(arch);
    layers = [...prunable, ...layers.filter((name) => !prunable.includes(name))];
  }
  const rows = layers.map((layer) => {
    const m = mask.get(layer);
    if (!m) {
      const size = shapes[layer].reduce((n, d) => n * d, 1);
      return row(layer, size, size);
    }
    return row(
      layer,
      tf.tidy(() => m.sum().dataSync()[0]),
      m.size,
    );
  });
  const kept = rows.reduce((n, r) => n + r.kept, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  return [...rows, row("total", kept, total)];
}
