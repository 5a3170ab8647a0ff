import * as tf from "@tensorflow/tfjs";

/** `t[:, :, from : from + n]` of a `[1, d, M]` knot tensor. */
const knotSlice = (t: tf.Tensor3D, from: number, n: number) => tf.slice(t, [0, 0, from], [1, -1, n]);

/**
 * `1 / d` where `d > 0` and 0 elsewhere (coincident knots), built from differentiable ops only, so that
 * `tf.grads` can pass through it to the inputs and the knots.
 */
function safeInverse(d: tf.Tensor): tf.Tensor {
  const positive = tf.step(d);
  return tf.div(positive, tf.add(d, tf.sub(1, positive)));
}

/** `B[:, :, from : from + n]` of a `[batch, d, m]` basis tensor. */
const basisSlice = (B: tf.Tensor3D, from: number, n: number) => tf.slice(B, [0, 0, from], [-1, -1, n]);

/**
 * The B-spline basis of degree `k` at each input by Cox–de Boor: degree 0 is `1[t_i < x ≤ t_{i+1}]`, and
 * `B_{i,p}(x) = (x − t_i)/(t_{i+p} − t_i) B_{i,p−1}(x) + (t_{i+p+1} − x)/(t_{i+p+1} − t_{i+1}) B_{i+1,p−1}(x)`, a
 * term with a zero denominator counting as 0. Differentiable by `tf.grads` in `x` and in the knots.
 *
 * @param x inputs `[batch, d]`.
 * @param grid each input's sorted knot vector `[d, M]`.
 * @param k the degree, ≥ 0.
 * @returns `[batch, d, M − 1 − k]`, owned by the caller.
 */
export function bsplineBasis(x: tf.Tensor2D, grid: tf.Tensor2D, k: number): tf.Tensor3D {
  return tf.tidy(() => {
    const X = tf.expandDims(x, 2) as tf.Tensor3D;
    const t = tf.expandDims(grid, 0) as tf.Tensor3D;
    const M = grid.shape[1];
    const above = (from: number, n: number) => tf.step(tf.sub(X, knotSlice(t, from, n)));
    let B = tf.sub(above(0, M - 1), above(1, M - 1)) as tf.Tensor3D;
    for (let p = 1; p <= k; p++) {
      const n = M - 1 - p;
      const [ti, tip, ti1, tip1] = [
        knotSlice(t, 0, n),
        knotSlice(t, p, n),
        knotSlice(t, 1, n),
        knotSlice(t, p + 1, n),
      ];
      const left = tf.mul(tf.mul(tf.sub(X, ti), safeInverse(tf.sub(tip, ti))), basisSlice(B, 0, n));
      const right = tf.mul(tf.mul(tf.sub(tip1, X), safeInverse(tf.sub(tip1, ti1))), basisSlice(B, 1, n));
      B = tf.add(left, right) as tf.Tensor3D;
    }
    return B;
  });
}

/**
 * The derivative in x of each basis function of degree `k`:
 * `B'_{i,k} = k · (B_{i,k−1}/(t_{i+k} − t_i) − B_{i+1,k−1}/(t_{i+k+1} − t_{i+1}))`, and 0 for k = 0.
 *
 * @param x `[batch, d]`; @param grid `[d, M]`.
 * @returns `[batch, d, M − 1 − k]`, owned by the caller.
 */
export function bsplineBasisDerivative(x: tf.Tensor2D, grid: tf.Tensor2D, k: number): tf.Tensor3D {
  const M = grid.shape[1];
  if (k === 0) return tf.zeros([x.shape[0], x.shape[1], M - 1]);
  return tf.tidy(() => {
    const lower = bsplineBasis(x, grid, k - 1);
    const t = tf.expandDims(grid, 0) as tf.Tensor3D;
    const n = M - 1 - k;
    const first = tf.mul(
      basisSlice(lower, 0, n),
      safeInverse(tf.sub(knotSlice(t, k, n), knotSlice(t, 0, n))),
    );
    const second = tf.mul(
      basisSlice(lower, 1, n),
      safeInverse(tf.sub(knotSlice(t, k + 1, n), knotSlice(t, 1, n))),
    );
    return tf.mul(tf.sub(first, second), k) as tf.Tensor3D;
  });
}
