import { type Architecture, checkParams, layerParamNames, layersOf } from "../core/architecture";
import type { Params } from "../core/params";
import { kendallTau } from "./kendall-tau";

/** Where a ReLU unit `relu(w · x + b)` of a layer fed by coordinates bends, read from its weights. */
export interface UnitKnot {
  /** The input coordinate with the largest |w_j|: the one a hinge unit is built on. */
  readonly input: number;
  /** The sign of that weight: +1 for `relu(x − t)`, −1 for `relu(t − x)`. */
  readonly sign: number;
  /** The knot `t = −b / w_input`. */
  readonly knot: number;
}

/**
 * The knot of every output unit of a dense-like layer (dense, hinge, randomRelu: a `kernel [inDim, units]`
 * and `bias [units]`), in unit order.
 *
 * @param layer the layer's index or name. @returns one {@link UnitKnot} per unit; no tensors.
 * @throws when the layer has no kernel and bias, or a unit's weights are all zero.
 */
export function unitKnots(arch: Architecture, params: Params, layer: number | string): UnitKnot[] {
  checkParams(arch, params, "unitKnots");
  const names = layerParamNames(arch, layer);
  const [kernelName, biasName] = [
    names.find((n) => n.endsWith("/kernel")),
    names.find((n) => n.endsWith("/bias")),
  ];
  if (!kernelName || !biasName) {
    throw new Error(
      `unitKnots: layer ${JSON.stringify(layer)} has no kernel and bias; its params are ${names.join(", ")}`,
    );
  }
  const [inDim, units] = params[kernelName].shape;
  const [W, b] = [params[kernelName].dataSync(), params[biasName].dataSync()];
  return Array.from({ length: units }, (_, j) => {
    let input = 0;
    for (let i = 1; i < inDim; i++)
      if (Math.abs(W[i * units + j]) > Math.abs(W[input * units + j])) input = i;
    const w = W[input * units + j];
    if (w === 0)
      throw new Error(`unitKnots: unit ${j} of layer ${JSON.stringify(layer)} has zero weights, so no knot`);
    return { input, sign: Math.sign(w), knot: -b[j] / w };
  });
}

/**
 * Order preservation: the Kendall τ between the knots of a layer's units at `initial` and at `trained`, over
 * the units of each (input, sign) block of the initial layer, averaged over blocks (weighted by their sizes).
 * 1 when every block's knots kept their order; a frozen layer gives exactly 1.
 *
 * @returns τ in [−1, 1]. @throws as {@link unitKnots}, or when no block has two units.
 */
export function knotOrderTau(
  arch: Architecture,
  initial: Params,
  trained: Params,
  layer: number | string,
): number {
  layersOf(arch);
  const [before, after] = [unitKnots(arch, initial, layer), unitKnots(arch, trained, layer)];
  const blocks = new Map<string, number[]>();
  before.forEach((u, j) => {
    const key = `${u.input}/${u.sign}`;
    blocks.set(key, [...(blocks.get(key) ?? []), j]);
  });
  let [sum, weight] = [0, 0];
  for (const units of blocks.values()) {
    if (units.length < 2) continue;
    const tau = kendallTau(
      units.map((j) => before[j].knot),
      units.map((j) => after[j].knot),
    );
    sum += tau * units.length;
    weight += units.length;
  }
  if (weight === 0) throw new Error("knotOrderTau: no (input, sign) block has two units to order");
  return sum / weight;
}
