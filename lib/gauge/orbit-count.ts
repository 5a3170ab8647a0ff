import { biasName, kernelName, layerSizes, type Params } from "../core/params";

/**
 * log10(n!): an exact sum of logs up to n = 100000, Stirling's series (error < 1e-15 relative) beyond.
 *
 * @throws when `n` is not a non-negative integer.
 */
export function log10Factorial(n: number): number {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`log10Factorial: n must be a non-negative integer; got ${n}`);
  if (n <= 100000) {
    let sum = 0;
    for (let k = 2; k <= n; k++) sum += Math.log10(k);
    return sum;
  }
  const ln = n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
  return ln / Math.LN10;
}

/**
 * The exact order of the hidden-unit permutation group, ∏_l n_l!, as a bigint (use for small widths).
 *
 * @param hiddenWidths the hidden layer widths `[h0, ..., h_{numHidden-1}]`.
 */
export function permutationCount(hiddenWidths: readonly number[]): bigint {
  let count = 1n;
  for (const n of hiddenWidths) {
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`permutationCount: widths must be non-negative integers; got ${n}`);
    for (let k = 2n; k <= BigInt(n); k++) count *= k;
  }
  return count;
}

/**
 * log10 of the order of the permutation group, log10 ∏_l n_l!: for a generic network (no two hidden neurons
 * alike) this many distinct parameter settings compute exactly the same function, before counting the
 * continuous rescalings.
 *
 * @param hiddenWidths the hidden layer widths.
 */
export function log10PermutationCount(hiddenWidths: readonly number[]): number {
  return hiddenWidths.reduce((sum, n) => sum + log10Factorial(n), 0);
}

/** How many distinct-looking configurations one network's function has (see {@link orbitSize}). */
export interface OrbitSize {
  /** log10 of the number of distinct parameter settings reached by permutations: ∏ n_l! / ∏ m_g!. */
  readonly log10Distinct: number;
  /** log10 ∏ n_l!, the generic value. */
  readonly log10Group: number;
  /** Per hidden layer, the sizes m_g > 1 of groups of identical neurons (same incoming, bias and outgoing). */
  readonly duplicateGroups: number[][];
  /** The dimension of the continuous rescaling orbit: hidden neurons with a nonzero incoming vector. */
  readonly rescalingDim: number;
}

/**
 * Counts the discrete orbit of `params`: permutations that swap identical neurons (e.g. neurons pruned to zero)
 * leave the parameters unchanged, so the orbit has ∏ n_l! / ∏ m_g! distinct points. This counts only swaps
 * within a layer, so it is exact unless the network has symmetries spanning layers (then it is an upper bound).
 * The continuous part is a manifold of dimension `rescalingDim` (Σ n_l for a generic network).
 *
 * @param params an MLP; read only.
 * @param tol entries closer than this count as equal (default 0: exact equality).
 */
export function orbitSize(params: Params, tol = 0): OrbitSize {
  const sizes = layerSizes(params);
  const hidden = sizes.slice(1, -1);
  const duplicateGroups: number[][] = [];
  let log10Distinct = 0;
  let rescalingDim = 0;
  hidden.forEach((width, l) => {
    const inW = params[kernelName(l)].dataSync();
    const bias = params[biasName(l)].dataSync();
    const outW = params[kernelName(l + 1)].dataSync();
    const fanIn = sizes[l];
    const fanOut = sizes[l + 2];
    const neuron = (j: number): number[] => [
      ...Array.from({ length: fanIn }, (_, k) => inW[k * width + j]),
      bias[j],
      ...Array.from(outW.subarray(j * fanOut, (j + 1) * fanOut)),
    ];
    const vectors = Array.from({ length: width }, (_, j) => neuron(j));
    rescalingDim += vectors.filter((v) => v.slice(0, fanIn + 1).some((x) => x !== 0)).length;
    const groupOf = new Int32Array(width).fill(-1);
    const groups: number[] = [];
    for (let j = 0; j < width; j++) {
      if (groupOf[j] !== -1) continue;
      groupOf[j] = groups.length;
      let size = 1;
      for (let k = j + 1; k < width; k++) {
        if (groupOf[k] === -1 && vectors[j].every((x, i) => Math.abs(x - vectors[k][i]) <= tol)) {
          groupOf[k] = groups.length;
          size++;
        }
      }
      groups.push(size);
    }
    duplicateGroups.push(groups.filter((m) => m > 1));
    log10Distinct += log10Factorial(width) - groups.reduce((s, m) => s + log10Factorial(m), 0);
  });
  return { log10Distinct, log10Group: log10PermutationCount(hidden), duplicateGroups, rescalingDim };
}

/** One row of the "combinatorial flash flood" table. */
export interface FlashFloodRow {
  readonly width: number;
  readonly numHidden: number;
  /** Weights and biases of the `[inDim, width × numHidden, outDim]` MLP. */
  readonly numParams: number;
  /** log10 ∏ n_l! = numHidden · log10(width!): equivalent copies of one generic network. */
  readonly log10Permutations: number;
  /** Dimension of the continuous rescaling orbit, numHidden · width. */
  readonly rescalingDim: number;
}

/**
 * The table of how the symmetry group grows with width, for `[inDim, width, ..., width, outDim]` MLPs.
 *
 * @param widths hidden widths to tabulate (default 8, 16, ..., 2048).
 * @param numHidden hidden layers per network (default 3).
 * @param inDim, outDim input and output sizes (default 784 and 10, MNIST).
 */
export function flashFloodTable(
  widths: readonly number[] = [8, 16, 32, 64, 128, 256, 512, 1024, 2048],
  numHidden = 3,
  inDim = 784,
  outDim = 10,
): FlashFloodRow[] {
  return widths.map((width) => {
    const sizes = [inDim, ...new Array<number>(numHidden).fill(width), outDim];
    let numParams = 0;
    for (let l = 0; l + 1 < sizes.length; l++) numParams += sizes[l] * sizes[l + 1] + sizes[l + 1];
    return {
      width,
      numHidden,
      numParams,
      log10Permutations: numHidden * log10Factorial(width),
      rescalingDim: numHidden * width,
    };
  });
}
