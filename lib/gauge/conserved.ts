import { biasName, kernelName, layerSizes, type Params } from "../core/params";

/** Squared norms of each hidden neuron's incoming vector `[w_in; b]` and outgoing weights, per hidden layer. */
export interface NeuronSquaredNorms {
  /** `incoming[l][i] = ‖W_l[:, i]‖² + b_l[i]²`, `[h_l]` each. */
  readonly incoming: Float64Array[];
  /** `outgoing[l][i] = ‖W_{l+1}[i, :]‖²`, `[h_l]` each. */
  readonly outgoing: Float64Array[];
}

/**
 * Per hidden neuron, the squared norms of its incoming vector (weights and bias) and its outgoing weights,
 * summed in Float64 from the tensors' values. Rescaling neuron i by c multiplies `incoming` by c² and divides
 * `outgoing` by c². Returns plain arrays (no tensors).
 *
 * @param params an MLP: `dense{l}/kernel [in, out]`, `dense{l}/bias [out]`.
 */
export function neuronSquaredNorms(params: Params): NeuronSquaredNorms {
  const sizes = layerSizes(params);
  const incoming: Float64Array[] = [];
  const outgoing: Float64Array[] = [];
  for (let l = 0; l < sizes.length - 2; l++) {
    const [fanIn, width, fanOut] = [sizes[l], sizes[l + 1], sizes[l + 2]];
    const inW = params[kernelName(l)].dataSync();
    const bias = params[biasName(l)].dataSync();
    const outW = params[kernelName(l + 1)].dataSync();
    const inSq = new Float64Array(width);
    const outSq = new Float64Array(width);
    for (let k = 0; k < fanIn; k++) for (let j = 0; j < width; j++) inSq[j] += inW[k * width + j] ** 2;
    for (let j = 0; j < width; j++) {
      inSq[j] += bias[j] ** 2;
      for (let k = 0; k < fanOut; k++) outSq[j] += outW[j * fanOut + k] ** 2;
    }
    incoming.push(inSq);
    outgoing.push(outSq);
  }
  return { incoming, outgoing };
}

/**
 * The quantities conserved by gradient flow on a ReLU MLP (any loss of the function alone, no weight decay):
 * per hidden neuron, `‖w_in‖² + b² − ‖w_out‖²`. Permuting the neurons permutes them; rescaling neuron i by c
 * turns `in − out` into `c²·in − out/c²`; SGD with step lr changes them by O(lr²) per step.
 *
 * @param params an MLP.
 * @returns one `Float32Array [h_l]` per hidden layer (computed in Float64); no tensors.
 */
export function conservedQuantities(params: Params): Float32Array[] {
  const { incoming, outgoing } = neuronSquaredNorms(params);
  return incoming.map((inSq, l) => Float32Array.from(inSq, (x, i) => x - outgoing[l][i]));
}

/** How far the conserved quantities moved between two parameter sets of one network. */
export interface ConservedDrift {
  /** `|q_after − q_before|` per neuron, `[h_l]` per hidden layer. */
  readonly perLayer: Float64Array[];
  /** The largest entry of `perLayer`. */
  readonly maxAbs: number;
  /** The mean over all hidden neurons. */
  readonly meanAbs: number;
}

/**
 * The drift of the conserved quantities from `before` to `after` (e.g. the start and end of training),
 * neuron by neuron in the same order, in Float64. Near zero under gradient flow; grows like lr² per SGD step.
 *
 * @throws when the two networks' layer sizes differ.
 */
export function conservedDrift(before: Params, after: Params): ConservedDrift {
  const [sizesA, sizesB] = [layerSizes(before), layerSizes(after)];
  if (sizesA.join() !== sizesB.join()) {
    throw new Error(`conservedDrift: layer sizes differ: [${sizesA}] vs [${sizesB}]`);
  }
  const [a, b] = [neuronSquaredNorms(before), neuronSquaredNorms(after)];
  let maxAbs = 0;
  let sum = 0;
  let count = 0;
  const perLayer = a.incoming.map((inA, l) =>
    Float64Array.from(inA, (x, i) => {
      const d = Math.abs(b.incoming[l][i] - b.outgoing[l][i] - (x - a.outgoing[l][i]));
      maxAbs = Math.max(maxAbs, d);
      sum += d;
      count++;
      return d;
    }),
  );
  return { perLayer, maxAbs, meanAbs: count === 0 ? 0 : sum / count };
}
