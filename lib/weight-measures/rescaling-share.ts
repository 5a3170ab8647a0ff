import { CholeskyDecomposition, Matrix } from "ml-matrix";
import type { Architecture } from "../core/architecture";
import type { Params } from "../core/params";
import { permutationSpec } from "../gauge/permutation-spec";

/** One side of a unit group's orbit tangent: a param, the axis of the units, the sign (+1 in, −p out). */
type Side = { readonly offset: number; readonly name: string; readonly axis: number; readonly sign: number };

/** The unit index of flat entry `i` of a rank-1 or rank-2 array along `axis`. */
function unitOf(i: number, shape: readonly number[], axis: number): number {
  if (shape.length === 1) return i;
  return axis === 0 ? Math.floor(i / shape[1]) : i % shape[1];
}

/**
 * The share of a displacement `Δθ = θ − θ₀` that lies along the rescaling orbit at θ₀: each hidden unit j of
 * degree p has the orbit tangent `t_j = (w_in, b, −p·w_out)`, and the share is `‖P Δθ‖² / ‖Δθ‖²`, P the
 * orthogonal projection onto the span of all tangents (a least-squares solve with their Gram matrix, float64).
 * A gradient is orthogonal to every `t_j` (the loss is constant along the orbit), so a plain SGD step has share
 * 0; a preconditioned step (Adam, Muon) need not.
 *
 * @param arch an architecture of rank-1/rank-2 params (dense layers). @param init θ₀; read. @param params θ; read.
 * @returns a number in [0, 1]; 0 when θ = θ₀. One device sync per param.
 */
export function rescalingShare(arch: Architecture, init: Params, params: Params): number {
  const host = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.dataSync()]));
  const [a, b] = [host(init), host(params)];
  const delta: Record<string, Float64Array> = {};
  let total = 0;
  for (const name of Object.keys(a)) {
    delta[name] = Float64Array.from(b[name], (x, i) => x - a[name][i]);
    for (const d of delta[name]) total += d * d;
  }
  if (!(total > 0)) return 0;
  const sides: Side[] = [];
  let numUnits = 0;
  for (const group of Object.values(permutationSpec(arch).groups)) {
    const p = group.rescaleDegree;
    if (p === null) continue;
    const offset = numUnits;
    for (const [name, axis] of group.incoming) sides.push({ offset, name, axis, sign: 1 });
    if (group.bias) sides.push({ offset, name: group.bias[0], axis: group.bias[1], sign: 1 });
    for (const [name, axis] of group.outgoing) sides.push({ offset, name, axis, sign: -p });
    numUnits += group.size;
  }
  if (numUnits === 0) return 0;
  const d = new Float64Array(numUnits);
  const G = new Matrix(numUnits, numUnits);
  for (const side of sides) {
    const shape = init[side.name].shape;
    const w = a[side.name];
    for (let i = 0; i < w.length; i++) {
      const j = side.offset + unitOf(i, shape, side.axis);
      d[j] += side.sign * delta[side.name][i] * w[i];
      G.set(j, j, G.get(j, j) + side.sign * side.sign * w[i] * w[i]);
    }
  }
  // Tangents of two groups overlap where one group's outgoing param is the other's incoming one.
  for (const s of sides) {
    for (const t of sides) {
      if (s === t || s.offset === t.offset || s.name !== t.name || init[s.name].rank !== 2) continue;
      const shape = init[s.name].shape;
      const w = a[s.name];
      for (let i = 0; i < w.length; i++) {
        const [j, k] = [s.offset + unitOf(i, shape, s.axis), t.offset + unitOf(i, shape, t.axis)];
        G.set(j, k, G.get(j, k) + s.sign * t.sign * w[i] * w[i]);
      }
    }
  }
  const dVec = Matrix.columnVector(Array.from(d));
  const c = new CholeskyDecomposition(G).solve(dVec);
  let along = 0;
  for (let j = 0; j < numUnits; j++) along += d[j] * c.get(j, 0);
  return along / total;
}
