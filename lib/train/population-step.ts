import * as tf from "@tensorflow/tfjs";
import { layersOf } from "../core/architecture";
import { layerParams } from "../core/forward";
import type { LayerTape } from "../core/layer-kind";
import { disposeParams, type Params } from "../core/params";
import type { Optimizer } from "../optim/optimizer";
import type { Batch } from "./batches";
import { addL2Gradients } from "./l2";
import { lossAndGradient } from "./loss";
import type { Mask } from "./mask";
import {
  isFirstLayerParam,
  packSlot,
  type PopulationLayout,
  splitColumns,
  unpackSlot,
} from "./population-layout";
import type { ResolvedOptions } from "./train-options";
import { maskEntries } from "./train-step";

/** The mean loss of every member on one batch (`[k]` is member k's) and the slots' gradients. */
export interface PopulationGrads {
  readonly losses: tf.Scalar[];
  readonly grads: Record<string, tf.Tensor>;
}

/**
 * Every member's loss and gradients on one shared batch, by the dense kind's own forward and backward passes:
 * the first layer of all members as one matMul on the concatenated kernel (`X · [W_1 … W_K]`), the layers above
 * per member on 2-D matMuls (their params read from the stacked slots), the input gradients of the second
 * layer concatenated back into one backward matMul for the first. Each member's numbers are the float ops a
 * lone run of that member does, so they match it bit for bit where the backend's matMul computes each output
 * column independently of the others (tested on cpu and wasm).
 *
 * @param slots the population's params (see {@link PopulationLayout}), borrowed.
 * @param wanted the param names to differentiate (the trainable ones).
 * @returns losses and gradients (slot-shaped), owned by the caller.
 */
export function populationLossAndGrads(
  layout: PopulationLayout,
  slots: Params,
  batch: Batch,
  wanted: ReadonlySet<string>,
  r: ResolvedOptions,
): PopulationGrads {
  const layers = layersOf(layout.arch);
  const K = layout.size;
  const lowest = layers.findIndex((layer) => Object.values(layer.paramNames).some((n) => wanted.has(n)));
  return tf.tidy(() => {
    const first = layers[0];
    const firstSpec = { ...first.spec, units: first.outDim * K };
    const firstParams = layerParams(first, slots);
    const firstTape = first.kind.forwardTape?.(firstSpec, firstParams, batch.X) ?? {
      input: batch.X,
      out: first.kind.forward(firstSpec, firstParams, batch.X),
    };
    const hidden = splitColumns(firstTape.out.dataSync() as Float32Array, K, [
      batch.X.shape[0],
      first.outDim,
    ]);
    const upper = memberViews(layout, slots);
    const losses: tf.Scalar[] = [];
    const upperGrads: Record<string, tf.Tensor[]> = {};
    const firstDOut: tf.Tensor2D[] = [];
    for (let k = 0; k < K; k++) {
      const tapes: LayerTape[] = [];
      let h = hidden[k] as tf.Tensor2D;
      for (let l = 1; l < layers.length; l++) {
        const p = layerParams(layers[l], upper[k]);
        const tape = layers[l].kind.forwardTape?.(layers[l].spec, p, h) ?? {
          input: h,
          out: layers[l].kind.forward(layers[l].spec, p, h),
        };
        tapes.push(tape);
        h = tape.out;
      }
      const { loss, dYHat } = lossAndGradient(r.loss, h, batch.y);
      losses.push(loss);
      let dOut = dYHat;
      for (let l = layers.length - 1; l >= Math.max(lowest, 1); l--) {
        const layer = layers[l];
        const suffixes = Object.keys(layer.paramNames).filter((s) => wanted.has(layer.paramNames[s]));
        const back = layer.kind.backward!(layer.spec, layerParams(layer, upper[k]), tapes[l - 1], dOut, {
          params: suffixes,
          input: l > lowest,
        });
        for (const s of suffixes) (upperGrads[layer.paramNames[s]] ??= []).push(back.grads[s]);
        if (l === lowest) break;
        dOut = back.dIn as tf.Tensor2D;
      }
      firstDOut.push(dOut);
    }
    const grads: Record<string, tf.Tensor> = {};
    for (const [name, parts] of Object.entries(upperGrads)) grads[name] = packSlot(layout, name, parts);
    if (lowest === 0) {
      const suffixes = Object.keys(first.paramNames).filter((s) => wanted.has(first.paramNames[s]));
      const dOut = tf.concat(firstDOut, 1) as tf.Tensor2D;
      const back = first.kind.backward!(firstSpec, firstParams, firstTape, dOut, {
        params: suffixes,
        input: false,
      });
      for (const s of suffixes) grads[first.paramNames[s]] = back.grads[s];
    }
    return { losses, grads };
  });
}

/** Member k's params of every layer above the first (tensors made inside the caller's tidy). */
function memberViews(layout: PopulationLayout, slots: Params): Params[] {
  const views: Record<string, tf.Tensor>[] = Array.from({ length: layout.size }, () => ({}));
  for (const [name, slot] of Object.entries(slots)) {
    if (isFirstLayerParam(layout, name)) continue;
    const parts = unpackSlot(layout, name, slot, slot.shape.slice(1));
    parts.forEach((t, k) => (views[k][name] = t));
  }
  return views;
}

/**
 * One update of every member from one shared batch: losses and gradients, the ℓ2 penalty's gradient, the
 * gradients masked, one optimizer step on the slots (an elementwise rule updates every member in one op per
 * slot), the updates masked. Disposes the replaced slots and returns the new ones and the members' losses
 * (owned by the caller); on error `slots` stay intact.
 */
export function populationStep(
  layout: PopulationLayout,
  slots: Params,
  batch: Batch,
  optimizer: Optimizer,
  trainable: ReadonlySet<string>,
  r: ResolvedOptions,
  mask: Mask | undefined,
): { slots: Params; losses: tf.Scalar[] } {
  const { losses, grads: raw } = populationLossAndGrads(layout, slots, batch, trainable, r);
  const grads = maskEntries(r.l2 ? addL2Gradients(raw, slots, r.l2) : raw, mask);
  let updated: Record<string, tf.Tensor>;
  try {
    updated = optimizer.step(slots, grads);
  } catch (err) {
    tf.dispose(losses);
    throw err;
  } finally {
    disposeParams(grads);
  }
  updated = maskEntries(updated, mask);
  for (const name of trainable) {
    const t = updated[name];
    if (!t || !tf.util.arraysEqual(t.shape, slots[name].shape)) {
      disposeParams(updated);
      tf.dispose(losses);
      throw new Error(`optimizer ${optimizer.name} returned no or a wrongly shaped update for ${name}`);
    }
  }
  const next: Record<string, tf.Tensor> = { ...slots };
  for (const name of trainable) {
    slots[name].dispose();
    next[name] = updated[name];
  }
  return { slots: next, losses };
}
