import { type Architecture, checkParams } from "../core/architecture";
import { describeValue } from "../core/check-options";
import { assertFiniteParams } from "../core/finite";
import type { Params } from "../core/params";
import { hostArrays, pushSlice } from "./host-array";
import { permutationSpec } from "./permutation-spec";

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
  /** log10 of the number of distinct parameter settings reached by permutations: ∏ n_g! / ∏ m!. */
  readonly log10Distinct: number;
  /** log10 ∏ n_g! over the unit groups, the generic value. */
  readonly log10Group: number;
  /** Per unit group, the sizes m > 1 of sets of identical units (same incoming, bias and outgoing). */
  readonly duplicateGroups: Record<string, number[]>;
  /** The dimension of the continuous rescaling orbit: units with a nonzero incoming vector, in groups with one. */
  readonly rescalingDim: number;
}

/**
 * Counts the discrete orbit of `params`: permutations that swap identical units (e.g. units pruned to zero)
 * leave the parameters unchanged, so the orbit has ∏ n_g! / ∏ m! distinct points. A unit's vector is its
 * incoming slices, its bias and its outgoing slices (in spec order). This counts only swaps within a group, so
 * it is exact unless the network has symmetries spanning groups (then it is an upper bound). The continuous
 * part is a manifold of dimension `rescalingDim` (the number of units of rescalable groups, generically).
 *
 * @param arch the architecture; @param params its params (read only).
 * @param tol entries closer than this count as equal (default 0: exact equality); a finite number >= 0.
 * @throws when the params do not fit `arch`, `tol` is not a finite number >= 0 (NaN would make every
 *   comparison false and find no duplicates), or a param holds NaN or Inf (one device sync).
 */
export function orbitSize(arch: Architecture, params: Params, tol = 0): OrbitSize {
  checkParams(arch, params, "orbitSize");
  if (typeof tol !== "number" || !(Number.isFinite(tol) && tol >= 0)) {
    throw new Error(`orbitSize: tol must be a finite number >= 0; got ${describeValue(tol)}`);
  }
  assertFiniteParams(params, "orbitSize");
  const { groups } = permutationSpec(arch);
  const duplicateGroups: Record<string, number[]> = {};
  let log10Distinct = 0;
  let rescalingDim = 0;
  for (const [p, group] of Object.entries(groups)) {
    const host = hostArrays(
      params,
      [...group.incoming, ...(group.bias ? [group.bias] : []), ...group.outgoing].map(([n]) => n),
    );
    const width = group.size;
    const vectors: number[][] = [];
    for (let j = 0; j < width; j++) {
      const v: number[] = [];
      for (const [name, axis] of group.incoming) pushSlice(host[name], axis, j, v);
      if (group.bias) pushSlice(host[group.bias[0]], group.bias[1], j, v);
      const numIn = v.length;
      for (const [name, axis] of group.outgoing) pushSlice(host[name], axis, j, v);
      if (group.rescaleDegree !== null && v.slice(0, numIn).some((x) => x !== 0)) rescalingDim++;
      vectors.push(v);
    }
    const groupOf = new Int32Array(width).fill(-1);
    const sets: number[] = [];
    for (let j = 0; j < width; j++) {
      if (groupOf[j] !== -1) continue;
      groupOf[j] = sets.length;
      let size = 1;
      for (let k = j + 1; k < width; k++) {
        if (groupOf[k] === -1 && vectors[j].every((x, i) => Math.abs(x - vectors[k][i]) <= tol)) {
          groupOf[k] = sets.length;
          size++;
        }
      }
      sets.push(size);
    }
    duplicateGroups[p] = sets.filter((m) => m > 1);
    log10Distinct += log10Factorial(width) - sets.reduce((s, m) => s + log10Factorial(m), 0);
  }
  const log10Group = log10PermutationCount(Object.values(groups).map((g) => g.size));
  return { log10Distinct, log10Group, duplicateGroups, rescalingDim };
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
