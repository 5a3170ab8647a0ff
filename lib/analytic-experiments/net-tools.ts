import type { TwoLayerNet } from "../solvers/two-layer";

/** The net padded with zero neurons to `width` (zero in and out: the same function and penalty). */
export function padNet(net: TwoLayerNet, width: number): TwoLayerNet {
  const k = net.alpha.length;
  if (k > width) return net;
  const grow = (a: Float64Array, m: number) =>
    Float64Array.from({ length: m }, (_, i) => (i < a.length ? a[i] : 0));
  return { ...net, u: grow(net.u, width * net.inDim), b: grow(net.b, width), alpha: grow(net.alpha, width) };
}

/**
 * The net with neurons whose contribution |α|·‖(u, b)‖ is below `tol` × the largest set to exact zeros (weight
 * decay leaves dead neurons at ~1e-12, which no float32 rescaling can normalise). The function moves by < tol.
 */
export function zeroTinyNeurons(net: TwoLayerNet, tol = 1e-6): TwoLayerNet {
  const d = net.inDim;
  const size = (j: number) =>
    Math.abs(net.alpha[j]) * Math.hypot(net.b[j], ...net.u.subarray(j * d, (j + 1) * d));
  const sizes = Array.from(net.alpha, (_, j) => size(j));
  const cut = tol * Math.max(0, ...sizes);
  const u = Float64Array.from(net.u);
  const b = Float64Array.from(net.b);
  const alpha = Float64Array.from(net.alpha);
  sizes.forEach((s, j) => {
    if (s >= cut) return;
    alpha[j] = 0;
    b[j] = 0;
    u.fill(0, j * d, (j + 1) * d);
  });
  return { ...net, u, b, alpha };
}

/** Each neuron rescaled so ‖(u_j, b_j)‖ = |α_j| (the same function; weight decay's own gauge). */
export function balanceNet(net: TwoLayerNet): TwoLayerNet {
  const d = net.inDim;
  const u = Float64Array.from(net.u);
  const b = Float64Array.from(net.b);
  const alpha = Float64Array.from(net.alpha);
  for (let j = 0; j < alpha.length; j++) {
    const norm = Math.hypot(b[j], ...u.subarray(j * d, (j + 1) * d));
    if (norm === 0 || alpha[j] === 0) continue;
    const c = Math.sqrt(Math.abs(alpha[j]) / norm);
    for (let k = 0; k < d; k++) u[j * d + k] *= c;
    b[j] *= c;
    alpha[j] /= c;
  }
  return { ...net, u, b, alpha };
}

/** A 1-D net's neurons as hinges c·relu(s(x − t)): knot t, direction s = ±1, coefficient c = α|u|. */
export interface Hinge {
  readonly knot: number;
  readonly direction: number;
  readonly c: number;
}

/** The hinges of a 1-D net with |c| above `minC`, sorted by knot (dead neurons, u = 0, left out). */
export function netHinges(net: TwoLayerNet, minC = 1e-3): Hinge[] {
  const out: Hinge[] = [];
  for (let j = 0; j < net.alpha.length; j++) {
    const c = net.alpha[j] * Math.abs(net.u[j]);
    if (net.u[j] !== 0 && Math.abs(c) > minC)
      out.push({ knot: -net.b[j] / net.u[j], direction: Math.sign(net.u[j]), c });
  }
  return out.sort((a, b) => a.knot - b.knot);
}

/**
 * For each knot of the optimum, how the trained net covers it: its hinges within `radius` of the knot, their
 * count and their summed coefficient, against the optimum's total coefficient at that knot.
 */
export function knotCoverage(optimum: TwoLayerNet, trained: TwoLayerNet, radius = 0.05) {
  const knots = [...new Set(netHinges(optimum, 0).map((h) => Number(h.knot.toFixed(6))))];
  const mine = netHinges(trained);
  return knots.map((knot) => {
    const near = mine.filter((h) => Math.abs(h.knot - knot) <= radius);
    const total = (hs: Hinge[]) => hs.reduce((s, h) => s + Math.abs(h.c), 0);
    const atKnot = netHinges(optimum, 0).filter((h) => Math.abs(h.knot - knot) < 1e-6);
    return {
      knot,
      optimumHinges: atKnot.length,
      optimumSumAbsC: total(atKnot),
      neurons: near.length,
      sumAbsC: total(near),
    };
  });
}
