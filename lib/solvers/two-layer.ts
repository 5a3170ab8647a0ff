import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf, mlp } from "../core/architecture";
import { forward } from "../core/forward";
import type { Params } from "../core/params";

/**
 * A two-layer ReLU network on the host, neuron by neuron: f(x) = Σ_j α_j relu(u_jᵀx + b_j) + c.
 * Plain arrays, so the solvers' results are serialisable; {@link twoLayerParams} turns it into kit params.
 */
export interface TwoLayerNet {
  /** Input dimension d. */
  readonly inDim: number;
  /** Incoming weights, width × d, row-major ([width · d]). */
  readonly u: Float64Array;
  /** Hidden biases ([width]). */
  readonly b: Float64Array;
  /** Outgoing weights ([width]). */
  readonly alpha: Float64Array;
  /** The output bias c. */
  readonly c: number;
}

/** The width (number of neurons) of a {@link TwoLayerNet}. */
export function netWidth(net: TwoLayerNet): number {
  return net.alpha.length;
}

/**
 * The net as ordinary kit params of `mlp([d, width, 1])` (width ≥ 1: an empty net gets one zero neuron), so
 * `forward`, `train`, the gauge tools and the figures apply to it.
 *
 * @returns `{ arch, params }`; the caller owns (disposes) the params' tensors.
 */
export function twoLayerParams(net: TwoLayerNet): { arch: Architecture; params: Params } {
  const d = net.inDim;
  const width = Math.max(1, netWidth(net));
  const arch = mlp([d, width, 1]);
  const [hidden, out] = layersOf(arch);
  const kernel = new Float32Array(d * width);
  for (let j = 0; j < netWidth(net); j++)
    for (let k = 0; k < d; k++) kernel[k * width + j] = net.u[j * d + k];
  const bias = new Float32Array(width);
  bias.set(net.b);
  const head = new Float32Array(width);
  head.set(net.alpha);
  const params: Params = {
    [hidden.paramNames.kernel]: tf.tensor2d(kernel, [d, width]),
    [hidden.paramNames.bias]: tf.tensor1d(bias),
    [out.paramNames.kernel]: tf.tensor2d(head, [width, 1]),
    [out.paramNames.bias]: tf.tensor1d([net.c]),
  };
  return { arch, params };
}

/** The net's outputs on X (row-major [n · d]) → [n], in Float64 on the host. */
export function netPredict(net: TwoLayerNet, X: ArrayLike<number>): Float64Array {
  const d = net.inDim;
  const n = X.length / d;
  const out = new Float64Array(n).fill(net.c);
  for (let j = 0; j < netWidth(net); j++) {
    for (let i = 0; i < n; i++) {
      let z = net.b[j];
      for (let k = 0; k < d; k++) z += net.u[j * d + k] * X[i * d + k];
      if (z > 0) out[i] += net.alpha[j] * z;
    }
  }
  return out;
}

/**
 * The weight-decayed non-convex objective `‖f(X) − y‖²/n + (λ/2) Σ_j (‖u_j‖² + α_j²)` (the kit's `"mse"`
 * plus `l2: { coefficient: λ }` on the two kernels, biases unpenalised), in Float64.
 *
 * @param hiddenBiasPenalised also adds (λ/2)Σ b_j², the objective that matches the convex programs run on
 *   X with a ones column (the bias as an extra coordinate). Default false.
 */
export function weightDecayObjective(
  net: TwoLayerNet,
  X: ArrayLike<number>,
  y: ArrayLike<number>,
  lambda: number,
  hiddenBiasPenalised = false,
): number {
  const yHat = netPredict(net, X);
  let loss = 0;
  for (let i = 0; i < yHat.length; i++) loss += (yHat[i] - y[i]) ** 2;
  let penalty = 0;
  for (const v of net.u) penalty += v * v;
  for (const v of net.alpha) penalty += v * v;
  if (hiddenBiasPenalised) for (const v of net.b) penalty += v * v;
  return loss / yHat.length + (lambda / 2) * penalty;
}

/**
 * Reads the params of an `mlp([d, width, 1])` back into a {@link TwoLayerNet} (e.g. after `train`).
 * Reads the tensors synchronously; disposes nothing.
 *
 * @throws when the architecture is not two dense layers with one output.
 */
export function netFromParams(arch: Architecture, params: Params): TwoLayerNet {
  const layers = layersOf(arch);
  if (layers.length !== 2 || layers[1].outDim !== 1) {
    throw new Error(
      `netFromParams: expected mlp([d, width, 1]); got layer widths ${layers.map((l) => l.outDim)}`,
    );
  }
  const [hidden, out] = layers;
  const d = hidden.inDim;
  const width = hidden.outDim;
  const kernel = params[hidden.paramNames.kernel].dataSync();
  const u = new Float64Array(width * d);
  for (let j = 0; j < width; j++) for (let k = 0; k < d; k++) u[j * d + k] = kernel[k * width + j];
  return {
    inDim: d,
    u,
    b: Float64Array.from(params[hidden.paramNames.bias].dataSync()),
    alpha: Float64Array.from(params[out.paramNames.kernel].dataSync()),
    c: params[out.paramNames.bias].dataSync()[0],
  };
}

/** Forward through kit params, for checks that the host and tfjs nets agree. Returns [n]; nothing leaks. */
export function paramsPredict(arch: Architecture, params: Params, X: tf.Tensor2D): Float32Array {
  return tf.tidy(() => forward(arch, params, X).dataSync() as Float32Array);
}
