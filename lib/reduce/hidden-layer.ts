import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, layersOf } from "../core/architecture";
import { assertFiniteParams } from "../core/finite";
import type { Params } from "../core/params";
import { incomingRows } from "../gauge/neuron-cosines";
import { permName, permutationSpec, type UnitGroup } from "../gauge/permutation-spec";

/** A dense hidden layer of a network, as the width-reduction tools read it. */
export interface HiddenLayer {
  /** The layer index (0: the first hidden layer). */
  readonly layer: number;
  /** Its unit group in the permutation spec (incoming, bias and outgoing axes). */
  readonly group: UnitGroup;
  /** The rescaling degree p of its units (1 for ReLU). */
  readonly degree: number;
}

/**
 * Checks a width reduction's input and finds the hidden layer: params that fit `arch` and are finite (one
 * device sync), a dense hidden layer `layer` whose units have a rescaling symmetry (ReLU, leaky ReLU, ReLU²),
 * and, when `width` is given, a target width in [1, source width].
 *
 * @param where prefixes messages, e.g. `"pruneUnits"`.
 * @throws e.g. `pruneUnits: width 200 is above the source width 128 of layer 0; the target width must be an
 *   integer in [1, 128]`.
 */
export function hiddenLayer(
  arch: Architecture,
  params: Params,
  layer: number,
  where: string,
  width?: number,
): HiddenLayer {
  checkParams(arch, params, where);
  assertFiniteParams(params, where);
  const layers = layersOf(arch);
  if (!(Number.isInteger(layer) && layer >= 0 && layer < layers.length - 1)) {
    throw new Error(
      `${where}: layer must be a hidden layer's index in [0, ${layers.length - 2}]; got ${layer}`,
    );
  }
  const group = permutationSpec(arch).groups[permName(layer)];
  if (layers[layer].kind.kind !== "dense" || layers[layer + 1].kind.kind !== "dense" || !group) {
    throw new Error(`${where}: layer ${layer} and the layer above it must be dense layers`);
  }
  if (group.rescaleDegree === null) {
    throw new Error(
      `${where}: layer ${layer}'s activation has no rescaling symmetry, so unit norms are not defined up to the ` +
        "gauge; use relu, leakyRelu or squaredRelu",
    );
  }
  if (width !== undefined && !(Number.isInteger(width) && width >= 1 && width <= group.size)) {
    const why = width > group.size ? ` is above the source width ${group.size} of layer ${layer}` : "";
    throw new Error(
      `${where}: width ${width}${why}; the target width must be an integer in [1, ${group.size}]`,
    );
  }
  return { layer, group, degree: group.rescaleDegree };
}

/** Each unit's incoming weights and bias, `[size][fanIn + 1]` host rows (Float64). */
export function incomingWithBias(params: Params, group: UnitGroup): Float64Array[] {
  const rows = incomingRows(params, group);
  const bias = group.bias ? params[group.bias[0]].dataSync() : undefined;
  return rows.map((r, j) => Float64Array.from([...r, bias ? bias[j] : 0]));
}

/** Each unit's outgoing weights, `[size][fanOut]` host rows. */
export function outgoingRows(params: Params, group: UnitGroup): Float32Array[] {
  return incomingRows(params, { ...group, incoming: group.outgoing });
}

/** The Euclidean norm of a host vector. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** `t` with its axis `axis` (length n) mapped through `M [n, width]`: `out[.., m, ..] = Σ_i t[.., i, ..] M[i, m]`. */
function mapAxis(t: tf.Tensor, axis: number, M: tf.Tensor2D): tf.Tensor {
  return tf.tidy(() => {
    const order = [...t.shape.keys()].filter((d) => d !== axis).concat([axis]);
    const moved = tf.transpose(t, order);
    const lead = moved.shape.slice(0, -1);
    const flat = tf.matMul(tf.reshape(moved, [-1, t.shape[axis]]), M);
    const back = tf.reshape(flat, [...lead, M.shape[1]]);
    const inverse = order.map((_, d) => order.indexOf(d));
    // A fresh tensor (see permuteTensor): a reshaped bias can upset wasm's fused matMul.
    return tf.transpose(back, inverse).clone();
  });
}

/**
 * The network with `hidden`'s units replaced by `width` new ones: new incoming weights and bias `in · Min`,
 * new outgoing weights `Moutᵀ · out`. Pruning takes selection matrices, folding averaging and summing ones.
 *
 * @param Min, Mout host matrices `[size][width]`.
 * @returns the new architecture (layer `hidden.layer` with `units: width`) and new params the caller owns;
 *   the input params are untouched.
 */
export function mapUnits(
  arch: Architecture,
  params: Params,
  hidden: HiddenLayer,
  Min: readonly (readonly number[])[],
  Mout: readonly (readonly number[])[],
): { arch: Architecture; params: Params } {
  const width = Min[0].length;
  const { group } = hidden;
  const out: Record<string, tf.Tensor> = {};
  tf.tidy(() => {
    const mIn = tf.tensor2d(Min.map((r) => [...r]));
    const mOut = tf.tensor2d(Mout.map((r) => [...r]));
    const ins = [...group.incoming, ...(group.bias ? [group.bias] : [])];
    for (const [name, t] of Object.entries(params)) {
      const inAxis = ins.find(([n]) => n === name);
      const outAxis = group.outgoing.find(([n]) => n === name);
      if (inAxis) out[name] = tf.keep(mapAxis(t, inAxis[1], mIn));
      else if (outAxis) out[name] = tf.keep(mapAxis(t, outAxis[1], mOut));
      else out[name] = tf.keep(t.clone());
    }
  });
  const layers = arch.layers.map((spec, l) => (l === hidden.layer ? { ...spec, units: width } : spec));
  return { arch: { ...arch, layers }, params: out };
}
