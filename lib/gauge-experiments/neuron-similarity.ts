import { assertSameArchitecture } from "../core/same-shapes";
import { biasName, kernelName, layerSizes, type Params } from "../core/params";

/**
 * Per hidden layer, the cosine similarity between neuron j's incoming vector `[W_l[:, j]; b_l[j]]` in `a` and
 * neuron j's in `b`, for every j: near 0 for networks trained apart, near 1 once `b` is aligned to `a`
 * (e.g. `permute(b, weightMatching(a, b).perms)`). Computed in Float64; a zero vector gives 0.
 *
 * @param a, b MLPs of the same architecture (read only).
 * @returns one `number[h_l]` per hidden layer; no tensors.
 * @throws when the architectures differ.
 */
export function neuronCosines(a: Params, b: Params): number[][] {
  assertSameArchitecture(a, b, "neuronCosines");
  const sizes = layerSizes(a);
  const out: number[][] = [];
  for (let l = 0; l < sizes.length - 2; l++) {
    const [fanIn, width] = [sizes[l], sizes[l + 1]];
    const [wA, wB] = [a[kernelName(l)].dataSync(), b[kernelName(l)].dataSync()];
    const [bA, bB] = [a[biasName(l)].dataSync(), b[biasName(l)].dataSync()];
    const dot = Float64Array.from(bA, (x, j) => x * bB[j]);
    const nA = Float64Array.from(bA, (x) => x * x);
    const nB = Float64Array.from(bB, (x) => x * x);
    for (let k = 0; k < fanIn; k++) {
      for (let j = 0; j < width; j++) {
        const [x, y] = [wA[k * width + j], wB[k * width + j]];
        dot[j] += x * y;
        nA[j] += x * x;
        nB[j] += y * y;
      }
    }
    out.push(Array.from(dot, (d, j) => (nA[j] > 0 && nB[j] > 0 ? d / Math.sqrt(nA[j] * nB[j]) : 0)));
  }
  return out;
}

/**
 * The first-layer weights of several networks side by side, for `weightGrid` with `cols: neurons.length`:
 * network i's neurons fill row i of the grid. Column `i * neurons.length + k` is `nets[i]`'s neuron `neurons[k]`.
 *
 * @param nets MLPs with the same input width, e.g. `[A, B, permute(B, perms)]` (read only).
 * @param neurons first-layer neuron indices to show, e.g. `[0, 1, ..., 9]`.
 * @returns `[inDim, nets.length * neurons.length]` nested arrays; no tensors.
 * @throws when an index is out of range or the input widths differ.
 */
export function firstLayerColumns(nets: readonly Params[], neurons: readonly number[]): number[][] {
  if (nets.length === 0 || neurons.length === 0) throw new Error("firstLayerColumns: give nets and neurons");
  const inDim = nets[0][kernelName(0)].shape[0];
  const columns: Float32Array[] = [];
  for (const net of nets) {
    const kernel = net[kernelName(0)];
    const [rows, width] = kernel.shape;
    if (rows !== inDim) throw new Error(`firstLayerColumns: input widths differ (${rows} vs ${inDim})`);
    const values = kernel.dataSync();
    for (const j of neurons) {
      if (!Number.isInteger(j) || j < 0 || j >= width) {
        throw new Error(`firstLayerColumns: neuron ${j} is outside the first layer's ${width} units`);
      }
      columns.push(Float32Array.from({ length: inDim }, (_, k) => values[k * width + j]));
    }
  }
  return Array.from({ length: inDim }, (_, k) => columns.map((c) => c[k]));
}

/**
 * The `k` first-layer neurons of `a` most similar (cosine of incoming vectors) to the same-index neuron of `b`,
 * most similar first: with `b` aligned to `a`, the best-matched pairs, e.g. to show as weight images.
 *
 * @returns neuron indices; no tensors.
 */
export function mostSimilarNeurons(a: Params, b: Params, k: number): number[] {
  const cos = neuronCosines(a, b)[0] ?? [];
  return cos
    .map((c, j) => [c, j] as const)
    .sort((p, q) => q[0] - p[0] || p[1] - q[1])
    .slice(0, k)
    .map(([, j]) => j);
}
