import type * as tf from "@tensorflow/tfjs";
import type { Params } from "../core/params";

/**
 * A parameter's values on the host, in Float64, row-major, with its shape: what the gauge tools that work
 * unit by unit (canonical forms, conserved quantities, orbit counts) read. "Unit j along axis a" is the slice
 * with index j on axis a, visited in row-major order of the other axes.
 */
export interface HostArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A Float64 copy of `t`'s values (reads the tensor, keeps no reference to it). */
export function toHost(t: tf.Tensor): HostArray {
  return { shape: t.shape, data: Float64Array.from(t.dataSync()) };
}

/** Float64 copies of the named params, by name. */
export function hostArrays(params: Params, names: Iterable<string>): Record<string, HostArray> {
  const out: Record<string, HostArray> = {};
  for (const name of names) out[name] = toHost(params[name]);
  return out;
}

/** `[outer, n, inner]`: the array seen as `outer × n × inner` around `axis` (n = shape[axis]). */
function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

/** Appends unit `j`'s slice along `axis` to `out`, in row-major order of the other axes. */
export function pushSlice(a: HostArray, axis: number, j: number, out: number[]): void {
  const [outer, n, inner] = around(a.shape, axis);
  for (let o = 0; o < outer; o++) {
    const base = (o * n + j) * inner;
    for (let i = 0; i < inner; i++) out.push(a.data[base + i]);
  }
}

/** `into[j] += Σ (slice j along axis)²`, each entry added in storage order. */
export function addSquaresAlong(a: HostArray, axis: number, into: Float64Array): void {
  const [outer, n, inner] = around(a.shape, axis);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) for (let i = 0; i < inner; i++) into[j] += a.data[k++] ** 2;
  }
}

/** In place: multiplies (or divides) unit j's slice along `axis` by `factors[j]`. */
export function scaleAlong(a: HostArray, axis: number, factors: ArrayLike<number>, op: "mul" | "div"): void {
  const [outer, n, inner] = around(a.shape, axis);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const f = factors[j];
      for (let i = 0; i < inner; i++, k++) a.data[k] = op === "mul" ? a.data[k] * f : a.data[k] / f;
    }
  }
}

/** A new array with the units along `axis` reordered: `out[.., i, ..] = a[.., perm[i], ..]`. */
export function permuteAlong(a: HostArray, axis: number, perm: ArrayLike<number>): HostArray {
  const [outer, n, inner] = around(a.shape, axis);
  const data = new Float64Array(a.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < n; i++) {
      const from = (o * n + perm[i]) * inner;
      data.set(a.data.subarray(from, from + inner), (o * n + i) * inner);
    }
  }
  return { shape: a.shape, data };
}
