import type * as tf from "@tensorflow/tfjs";
import { biasName, kernelName, layerSizes, type Params } from "../core/params";
import { assertPerm, type Perms } from "./perm";

/**
 * Symmetry as data, after Git Re-Basin's `PermutationSpec`: for every parameter axis, the name of the hidden-layer
 * permutation acting on it (or `null`), the reverse index, and each permutation's size. Weight matching,
 * `permute`, mask transfer and canonical forms all read it.
 */
export interface PermutationSpec {
  /** For each parameter name, one entry per axis: the permutation acting on that axis, or `null`. */
  readonly axesToPerm: Readonly<Record<string, ReadonlyArray<string | null>>>;
  /** For each permutation name, the `[parameter name, axis]` pairs it acts on, in parameter order. */
  readonly permToAxes: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>>;
  /** For each permutation name, the number of units it permutes. */
  readonly permSizes: Readonly<Record<string, number>>;
}

/** The name of the permutation of hidden layer `layer`'s units, `P_{layer}`. */
export function permName(layer: number): string {
  return `P_${layer}`;
}

/**
 * Builds a spec from `axesToPerm` (Re-Basin's `permutation_spec_from_axes_to_perm`) and the permutation sizes.
 *
 * @throws when an axis names a permutation missing from `permSizes`.
 */
export function specFromAxes(
  axesToPerm: Readonly<Record<string, ReadonlyArray<string | null>>>,
  permSizes: Readonly<Record<string, number>>,
): PermutationSpec {
  const permToAxes: Record<string, [string, number][]> = {};
  for (const p of Object.keys(permSizes)) permToAxes[p] = [];
  for (const [name, axes] of Object.entries(axesToPerm)) {
    axes.forEach((p, axis) => {
      if (p === null) return;
      if (!permToAxes[p]) throw new Error(`spec: axis ${axis} of ${name} names ${p}, which has no size`);
      permToAxes[p].push([name, axis]);
    });
  }
  return { axesToPerm, permToAxes, permSizes };
}

/**
 * The permutation spec of an MLP's parameters: `P_l` permutes hidden layer l's units, i.e. the output axis of
 * `dense{l}/kernel [in, out]`, `dense{l}/bias [out]`, and the input axis of `dense{l+1}/kernel`.
 * The input and output layers' units are not permuted.
 *
 * @param params an MLP (see `layerSizes`); only shapes are read.
 * @throws when `params` is not a well-formed MLP.
 */
export function permutationSpec(params: Params): PermutationSpec {
  const sizes = layerSizes(params);
  const numHidden = sizes.length - 2;
  const axesToPerm: Record<string, (string | null)[]> = {};
  const permSizes: Record<string, number> = {};
  for (let l = 0; l <= numHidden; l++) {
    const inPerm = l === 0 ? null : permName(l - 1);
    const outPerm = l === numHidden ? null : permName(l);
    axesToPerm[kernelName(l)] = [inPerm, outPerm];
    axesToPerm[biasName(l)] = [outPerm];
    if (outPerm) permSizes[outPerm] = sizes[l + 1];
  }
  return specFromAxes(axesToPerm, permSizes);
}

/**
 * Checks `spec` describes exactly the parameters of `params`, with the right ranks and permutation sizes.
 *
 * @param label prefixes the error message (the calling function's name).
 * @throws naming the first parameter or axis that does not fit.
 */
export function assertSpecFits(spec: PermutationSpec, params: Params, label = "spec"): void {
  for (const name of Object.keys(params)) {
    if (!spec.axesToPerm[name])
      throw new Error(`${label}: params have ${name} but the spec does not describe it`);
  }
  for (const [name, axes] of Object.entries(spec.axesToPerm)) {
    const t: tf.Tensor | undefined = params[name];
    if (!t) throw new Error(`${label}: the spec names ${name} but params have no such parameter`);
    if (t.rank !== axes.length) {
      throw new Error(`${label}: the spec gives ${name} ${axes.length} axes but it is [${t.shape}]`);
    }
    axes.forEach((p, axis) => {
      if (p !== null && t.shape[axis] !== spec.permSizes[p]) {
        throw new Error(
          `${label}: the spec puts ${p} (${spec.permSizes[p]} units) on axis ${axis} of ${name} ` +
            `[${t.shape}], which has ${t.shape[axis]}`,
        );
      }
    });
  }
}

/**
 * Checks `perms` holds exactly the spec's permutations, each a permutation of the right size.
 *
 * @throws naming a missing, unknown or malformed permutation.
 */
export function assertPermsFit(spec: PermutationSpec, perms: Perms, label = "perms"): void {
  for (const p of Object.keys(perms)) {
    if (spec.permSizes[p] === undefined) {
      throw new Error(`${label}: ${p} is not a permutation of this spec (it has ${permList(spec)})`);
    }
  }
  for (const [p, n] of Object.entries(spec.permSizes)) {
    const perm = perms[p];
    if (!perm) throw new Error(`${label}: no permutation for ${p} (the spec has ${permList(spec)})`);
    assertPerm(perm, n, `${label}: ${p}`);
  }
}

function permList(spec: PermutationSpec): string {
  const names = Object.keys(spec.permSizes);
  return names.length === 0 ? "none" : names.join(", ");
}
