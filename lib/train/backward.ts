import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, type Layer, layersOf } from "../core/architecture";
import { forward, layerParams } from "../core/forward";
import type { LayerParams, LayerTape } from "../core/layer-kind";
import { checkOptions, describeValue } from "../core/check-options";
import type { Params } from "../core/params";
import { type DistillWeights, distillationLoss, distillationLossAndGradient } from "./distill";
import { computeLoss, type LossName, lossAndGradient } from "./loss";

/** Options for {@link lossAndGrads}. */
export interface GradOptions {
  readonly loss: LossName;
  /** Names whose gradients are wanted (default all); others (frozen) are skipped, saving their matMuls. */
  readonly wanted?: ReadonlySet<string>;
  /**
   * Differentiate the whole model with `tf.grads` instead of the kinds' hand-written backward passes
   * (default false). Both give the same gradients to float rounding (tested); the hand-written path is faster.
   */
  readonly autodiff?: boolean;
  /**
   * Distil instead of the plain loss: the teacher's logits on this batch `[batch, outDim]` (not disposed) and
   * the weights of `distillationLoss`; `loss` must then be `"softmaxCrossEntropy"` and `y` one-hot.
   */
  readonly distill?: DistillWeights & { readonly teacherLogits: tf.Tensor2D };
}

/** The mean loss on one batch and its gradients; the caller owns (disposes) every tensor. */
export interface LossAndGrads {
  readonly loss: tf.Scalar;
  /** One gradient per wanted name, shaped like its param. */
  readonly grads: Record<string, tf.Tensor>;
}

function checkBatch(arch: Architecture, X: tf.Tensor2D, y: tf.Tensor2D, outDim: number): void {
  if (X.rank !== 2 || X.shape[1] !== arch.inDim) {
    throw new Error(`X must be [batch, ${arch.inDim}] for these params; got [${X.shape}]`);
  }
  if (y.rank !== 2 || y.shape[0] !== X.shape[0] || y.shape[1] !== outDim) {
    throw new Error(`y must be [${X.shape[0]}, ${outDim}] to match X and the output layer; got [${y.shape}]`);
  }
}

/**
 * The mean loss of a model on one batch and its gradients. By default each layer's kind differentiates itself
 * from what its forward pass kept (no autodiff tape): the loss gradient in closed form, then, layer by layer
 * from the top, `kind.backward` (or, for a kind without one, `tf.grads` of its forward pass, a
 * vector-Jacobian product). Backpropagation stops at the lowest layer with a wanted param, and the input
 * gradient `dX` is never formed.
 *
 * @param arch the architecture; @param params its params.
 * @param X inputs `[batch, inDim]`; @param y targets `[batch, outDim]`.
 * @returns `{ loss, grads }`, owned by the caller.
 * @throws when the params do not fit the architecture or the batch does not fit the params.
 */
export function lossAndGrads(
  arch: Architecture,
  params: Params,
  X: tf.Tensor2D,
  y: tf.Tensor2D,
  options: GradOptions,
): LossAndGrads {
  checkOptions(
    options,
    { loss: "string", wanted: "object?", autodiff: "boolean?", distill: "object?" },
    "lossAndGrads",
  );
  if (options.distill && options.loss !== "softmaxCrossEntropy") {
    throw new Error(
      `lossAndGrads: distill needs loss "softmaxCrossEntropy"; got ${JSON.stringify(options.loss)}`,
    );
  }
  if (options.wanted !== undefined && !(options.wanted instanceof Set)) {
    throw new Error(
      `lossAndGrads: wanted must be a Set of param names; got ${describeValue(options.wanted)}`,
    );
  }
  checkParams(arch, params, "lossAndGrads");
  const layers = layersOf(arch);
  checkBatch(arch, X, y, layers[layers.length - 1].outDim);
  const wanted = (name: string) => options.wanted === undefined || options.wanted.has(name);
  const objective = (yHat: tf.Tensor2D): tf.Scalar =>
    options.distill
      ? distillationLoss(yHat, y, options.distill.teacherLogits, options.distill)
      : computeLoss(options.loss, yHat, y);
  if (options.autodiff) return autodiffLossAndGrads(arch, params, X, objective, wanted);
  const lowest = layers.findIndex((layer) => Object.values(layer.paramNames).some(wanted));
  return tf.tidy(() => {
    const tapes: LayerTape[] = [];
    let h = X;
    for (const layer of layers) {
      const p = layerParams(layer, params);
      const tape = layer.kind.forwardTape?.(layer.spec, p, h) ?? {
        input: h,
        out: layer.kind.forward(layer.spec, p, h),
      };
      tapes.push(tape);
      h = tape.out;
    }
    const { loss, dYHat } = options.distill
      ? distillationLossAndGradient(h, y, options.distill.teacherLogits, options.distill)
      : lossAndGradient(options.loss, h, y);
    const grads: Record<string, tf.Tensor> = {};
    let dOut = dYHat;
    for (let l = layers.length - 1; l >= Math.max(lowest, 0); l--) {
      const layer = layers[l];
      const suffixes = Object.keys(layer.paramNames).filter((s) => wanted(layer.paramNames[s]));
      const back = layerBackward(layer, layerParams(layer, params), tapes[l], dOut, suffixes, l > lowest);
      for (const s of suffixes) grads[layer.paramNames[s]] = back.grads[s];
      if (l === lowest) break;
      dOut = back.dIn as tf.Tensor2D;
    }
    return { loss, grads };
  });
}

/** One layer's backward pass: its kind's, or `tf.grads` of its forward pass when the kind has none. */
function layerBackward(
  layer: Layer,
  p: LayerParams,
  tape: LayerTape,
  dOut: tf.Tensor2D,
  suffixes: readonly string[],
  input: boolean,
): { grads: Record<string, tf.Tensor>; dIn?: tf.Tensor2D } {
  if (layer.kind.backward) return layer.kind.backward(layer.spec, p, tape, dOut, { params: suffixes, input });
  const all = Object.keys(p);
  const f = (h: tf.Tensor, ...ws: tf.Tensor[]) =>
    layer.kind.forward(layer.spec, Object.fromEntries(all.map((s, i) => [s, ws[i]])), h as tf.Tensor2D);
  const [dIn, ...dWs] = tf.grads(f)([tape.input, ...all.map((s) => p[s])], dOut);
  const grads = Object.fromEntries(all.map((s, i) => [s, dWs[i]]));
  return { grads, dIn: dIn as tf.Tensor2D };
}

/** The loss and gradients by `tf.grads` of `objective(forward(...))` (the oracle of the hand-written path). */
function autodiffLossAndGrads(
  arch: Architecture,
  params: Params,
  X: tf.Tensor2D,
  objective: (yHat: tf.Tensor2D) => tf.Scalar,
  wanted: (name: string) => boolean,
): LossAndGrads {
  const names = Object.keys(params).filter(wanted);
  if (names.length === 0) return { loss: tf.tidy(() => objective(forward(arch, params, X))), grads: {} };
  return tf.tidy(() => {
    const f = (...ws: tf.Tensor[]) => {
      const p = { ...params, ...Object.fromEntries(names.map((n, i) => [n, ws[i]])) };
      return objective(forward(arch, p, X));
    };
    const { value, grads } = tf.valueAndGrads(f)(names.map((n) => params[n]));
    return { loss: value as tf.Scalar, grads: Object.fromEntries(names.map((n, i) => [n, grads[i]])) };
  });
}
