import * as tf from "@tensorflow/tfjs";
import type { Mask } from "../train/mask";
import type { Params } from "../core/params";
import { prunableLayers } from "./strategy";

/** One row of a mask report: how many of a layer's weights survive. */
export interface MaskRow {
  /** A kernel name such as `dense0/kernel`, or `"total"` for the last row. */
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

/**
 * A per-layer report of a mask, for tables: one row per layer, then a `"total"` row.
 * With `params`, every kernel of the network gets a row (unmasked kernels count as fully kept), so the total
 * is the fraction of all kernel weights remaining; without, only the mask's entries are listed.
 *
 * @param mask the mask to report; untouched.
 * @param params optional network the mask belongs to (checked with `mask.assertFits`).
 * @returns plain rows; no tensors are kept.
 */
export function maskedFraction(mask: Mask, params?: Params): MaskRow[] {
  let layers = mask.names;
  if (params) {
    mask.assertFits(params);
    const kernels = prunableLayers(params);
    layers = [...kernels, ...layers.filter((name) => !kernels.includes(name))];
  }
  const rows = layers.map((layer) => {
    const m = mask.get(layer);
    if (!m) return row(layer, (params as Params)[layer].size, (params as Params)[layer].size);
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
