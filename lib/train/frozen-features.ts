import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf } from "../core/architecture";
import { forward } from "../core/forward";
import type { Params } from "../core/params";
import type { Dataset } from "../data/dataset";
import type { Mask } from "./mask";
import type { TrainData } from "./train-options";
import { startParams } from "./train-step";

/**
 * What the training loop works on when the lowest layers are frozen: their output features are computed once
 * per dataset, and the loop trains only the layers above on them.
 */
export interface FeatureModel {
  /** How many layers from the bottom are frozen and folded into the features (0: none). */
  readonly depth: number;
  /** The layers above the frozen ones, keeping their names (so param names are unchanged). */
  readonly arch: Architecture;
  /** `initial`'s params of those layers (borrowed, not copies). */
  readonly initial: Params;
  /** The datasets with X replaced by the frozen layers' outputs. */
  readonly data: TrainData;
  /** The whole model's params: the frozen layers' (owned by this model) with `upper`'s. Returns a new map. */
  merge(upper: Params): Params;
  /** Frees the frozen layers' params (call unless `merge`'s result was handed on). */
  dispose(): void;
}

/** How many layers from the bottom have no trainable param. */
export function frozenDepth(arch: Architecture, trainable: ReadonlySet<string>): number {
  const layers = layersOf(arch);
  const depth = layers.findIndex((layer) => Object.values(layer.paramNames).some((n) => trainable.has(n)));
  return depth < 0 ? layers.length : depth;
}

/** `ds` with X replaced by `arch`'s output on it, computed in chunks of 2048 rows. */
function featureDataset(arch: Architecture, params: Params, ds: Dataset): Dataset {
  const outDim = layersOf(arch)[layersOf(arch).length - 1].outDim;
  const X = new Float32Array(ds.numExamples * outDim);
  const chunk = 2048;
  for (let start = 0; start < ds.numExamples; start += chunk) {
    const rows = Math.min(chunk, ds.numExamples - start);
    const h = tf.tidy(() => {
      const x = tf.tensor2d(ds.X.subarray(start * ds.inDim, (start + rows) * ds.inDim), [rows, ds.inDim]);
      return forward(arch, params, x);
    });
    X.set(h.dataSync(), start * outDim);
    h.dispose();
  }
  return { ...ds, name: `${ds.name} (frozen features)`, X, inDim: outDim };
}

/**
 * Splits a model at its frozen bottom: with `depth` = {@link frozenDepth} > 0 (and `enabled`), the frozen
 * layers' params are copied (masked), every dataset's features are computed once through them, and the loop
 * trains the layers above. Otherwise the model is passed through whole.
 *
 * @param arch, initial, data, mask, trainable as `train` received and resolved them.
 * @returns a {@link FeatureModel}; its frozen params are new tensors it owns.
 */
export function frozenFeatureModel(
  arch: Architecture,
  initial: Params,
  data: TrainData,
  mask: Mask | undefined,
  trainable: ReadonlySet<string>,
  enabled: boolean,
): FeatureModel {
  const layers = layersOf(arch);
  const depth = enabled ? frozenDepth(arch, trainable) : 0;
  if (depth === 0) return { depth, arch, initial, data, merge: (upper) => upper, dispose: () => undefined };
  const lowerNames = layers.slice(0, depth).flatMap((layer) => Object.values(layer.paramNames));
  const lower = startParams(Object.fromEntries(lowerNames.map((n) => [n, initial[n]])), mask);
  const lowerArch = { inDim: arch.inDim, layers: arch.layers.slice(0, depth) };
  const upperArch = {
    inDim: layers[depth].inDim,
    layers: layers.slice(depth).map((layer) => ({ ...layer.spec, name: layer.name })),
  };
  const upperInitial = Object.fromEntries(
    layers.slice(depth).flatMap((layer) => Object.values(layer.paramNames).map((n) => [n, initial[n]])),
  );
  const features = Object.fromEntries(
    Object.entries(data).map(([role, ds]) => [role, ds && featureDataset(lowerArch, lower, ds)]),
  ) as unknown as TrainData;
  return {
    depth,
    arch: upperArch,
    initial: upperInitial,
    data: features,
    merge: (upper) => ({ ...lower, ...upper }),
    dispose: () => tf.dispose(Object.values(lower)),
  };
}
