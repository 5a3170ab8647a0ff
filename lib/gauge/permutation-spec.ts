import type * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf } from "../core/architecture";
import { describeValue } from "../core/check-options";
import type { Params } from "../core/params";
import { assertPerm, type Perms } from "./perm";

/**
 * One group of hidden units that may be permuted (and, for positively homogeneous activations, rescaled)
 * without changing the function: the output units of one layer, as they feed the next.
 */
export interface UnitGroup {
  /** The number of units. */
  readonly size: number;
  /** The `[param name, axis]` pairs of the weights into each unit (unit j is slice j along the axis). */
  readonly incoming: ReadonlyArray<readonly [string, number]>;
  /** The `[param name, axis]` of the units' biases, or null for a layer without one. */
  readonly bias: readonly [string, number] | null;
  /** The `[param name, axis]` pairs of the weights out of each unit, in the layer that reads them. */
  readonly outgoing: ReadonlyArray<readonly [string, number]>;
  /**
   * p when scaling a unit's incoming weights and bias by c > 0 and its outgoing weights by c^-p is a symmetry
   * (ReLU: 1, ReLU²: 2); null when the activation has no rescaling symmetry (tanh, SiLU).
   */
  readonly rescaleDegree: number | null;
  /** The index of the layer whose outputs these units are. */
  readonly layer: number;
}

/**
 * Symmetry as data, after Git Re-Basin's `PermutationSpec`: the hidden-unit groups of an architecture, and for
 * every parameter axis the group acting on it (or `null`), the reverse index, and each group's size. Weight
 * matching, `permute`, rescaling, canonical forms, conserved quantities, orbit counts and mask transfer all
 * read it; none of them parses param names. Scales and perms are keyed by the same group names.
 */
export interface PermutationSpec {
  /** Each hidden-unit group by name (`P_<layer>`), in layer order. */
  readonly groups: Readonly<Record<string, UnitGroup>>;
  /** For each parameter name, one entry per axis: the permutation acting on that axis, or `null`. */
  readonly axesToPerm: Readonly<Record<string, ReadonlyArray<string | null>>>;
  /** For each permutation name, the `[parameter name, axis]` pairs it acts on, in parameter order. */
  readonly permToAxes: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>>;
  /** For each permutation name, the number of units it permutes. */
  readonly permSizes: Readonly<Record<string, number>>;
}

/** The name of the permutation of layer `layer`'s output units, `P_{layer}`. */
export function permName(layer: number): string {
  return `P_${layer}`;
}

const specs = new WeakMap<Architecture, PermutationSpec>();

/**
 * The permutation spec of an architecture, read from its layer kinds: layer l's output units form the group
 * `P_l` when l is not the output layer, its kind says where those units live (`outputUnits`) and the next
 * layer's kind says where it reads them (`inputUnits`). For an MLP, `P_l` acts on the output axis of
 * `dense{l}/kernel [in, out]` and on `dense{l}/bias [out]` (incoming), and on the input axis of
 * `dense{l+1}/kernel` (outgoing). The input and output units are never permuted. Memoised per architecture.
 *
 * @throws when `arch` is not a valid architecture.
 */
export function permutationSpec(arch: Architecture): PermutationSpec {
  const known = specs.get(arch);
  if (known) return known;
  const layers = layersOf(arch);
  const axesToPerm: Record<string, (string | null)[]> = {};
  for (const layer of layers) {
    for (const [suffix, name] of Object.entries(layer.paramNames)) {
      axesToPerm[name] = layer.shapes[suffix].map(() => null);
    }
  }
  const groups: Record<string, UnitGroup> = {};
  layers.slice(0, -1).forEach((layer, l) => {
    const next = layers[l + 1];
    const out = layer.kind.outputUnits;
    const into = next.kind.inputUnits;
    if (!out || !into) return;
    const p = permName(l);
    const pairs = (ly: typeof layer, axes: Readonly<Record<string, number>>) =>
      Object.entries(axes).map(([suffix, axis]) => [ly.paramNames[suffix], axis] as const);
    const incoming = pairs(layer, out.weights);
    const biasPairs = out.bias ? pairs(layer, out.bias) : [];
    const outgoing = pairs(next, into);
    for (const [name, axis] of [...incoming, ...biasPairs, ...outgoing]) axesToPerm[name][axis] = p;
    groups[p] = {
      size: layer.outDim,
      incoming,
      bias: biasPairs[0] ?? null,
      outgoing,
      rescaleDegree: layer.kind.rescaleDegree(layer.spec),
      layer: l,
    };
  });
  const permSizes = Object.fromEntries(Object.entries(groups).map(([p, g]) => [p, g.size]));
  const spec = { ...specFromAxes(axesToPerm, permSizes), groups };
  specs.set(arch, spec);
  return spec;
}

/**
 * The reverse index of `axesToPerm` (Re-Basin's `permutation_spec_from_axes_to_perm`), with the permutation
 * sizes; the building block of {@link permutationSpec}.
 *
 * @throws when an axis names a permutation missing from `permSizes`.
 */
export function specFromAxes(
  axesToPerm: Readonly<Record<string, ReadonlyArray<string | null>>>,
  permSizes: Readonly<Record<string, number>>,
): Omit<PermutationSpec, "groups"> {
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
 * Checks `spec` describes exactly the parameters of `params`, with the right ranks and permutation sizes.
 *
 * @param label prefixes the error message (the calling function's name).
 * @throws naming the first parameter or axis that does not fit.
 */
export function assertSpecFits(spec: Omit<PermutationSpec, "groups">, params: Params, label = "spec"): void {
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
export function assertPermsFit(
  spec: Pick<PermutationSpec, "permSizes">,
  perms: Perms,
  label = "perms",
): void {
  if (typeof perms !== "object" || perms === null || Array.isArray(perms)) {
    throw new Error(
      `${label}: perms must be an object of one permutation per unit group, e.g. { P_0: [...] }; got ` +
        describeValue(perms),
    );
  }
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

function permList(spec: Pick<PermutationSpec, "permSizes">): string {
  const names = Object.keys(spec.permSizes);
  return names.length === 0 ? "none" : names.join(", ");
}
