import type { TwoLayerNet } from "./two-layer";

/**
 * Recovers a two-layer ReLU net from a convex solution x = [v_1..v_P, w_1..w_P, c]: each non-zero v_i gives a
 * neuron with lifted weights v_i/√‖v_i‖ and α = √‖v_i‖, each non-zero w_i one with w_i/√‖w_i‖ and α = −√‖w_i‖
 * (Pilanci & Ergen 2020). Each neuron is balanced: ‖(u, b)‖² = α² = ‖v_i‖, so its weight decay
 * (λ/2)(‖u‖² + b² + α²) is λ‖v_i‖. Where the cone constraints hold, relu(X̃v_i) = D_i X̃ v_i, so the net's
 * non-convex objective equals the convex one.
 *
 * @param P patterns; d input dimension; bias whether v_i's last coordinate is the hidden bias.
 * @returns a host net; nothing to dispose.
 */
export function recoverNet(
  x: Float64Array,
  P: number,
  d: number,
  bias: boolean,
  intercept: boolean,
): TwoLayerNet {
  const p = d + (bias ? 1 : 0);
  const u: number[] = [];
  const b: number[] = [];
  const alpha: number[] = [];
  for (let blk = 0; blk < 2 * P; blk++) {
    let sq = 0;
    for (let j = 0; j < p; j++) sq += x[blk * p + j] ** 2;
    if (sq === 0) continue;
    const norm = Math.sqrt(sq);
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < d; j++) u.push(x[blk * p + j] * scale);
    b.push(bias ? x[blk * p + d] * scale : 0);
    alpha.push((blk < P ? 1 : -1) * Math.sqrt(norm));
  }
  return {
    inDim: d,
    u: Float64Array.from(u),
    b: Float64Array.from(b),
    alpha: Float64Array.from(alpha),
    c: intercept ? x[2 * P * p] : 0,
  };
}
