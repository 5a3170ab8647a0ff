import * as tf from "@tensorflow/tfjs";
import { assertFiniteParams, formatIndex } from "../core/finite";
import type { Params } from "../core/params";

/**
 * The range a rescaled weight must stay in. Rescaling is exact in real numbers, but the kit computes in
 * float32, and it squares weights (conserved quantities ‖w_in‖² − ‖w_out‖², weight decay, the optimisers'
 * squared gradients, which scale with the weights): a weight is usable when its square is a normal float32,
 * i.e. 2^-63 ≈ 1.1e-19 <= |w| < 2^64 ≈ 1.8e19. A scale of 1e30 on a weight of 0.3 gives 3e29, whose square is
 * Infinity in float32; 1e-30 gives 3e-31, whose square is 0.
 */
export const SAFE_MIN = 2 ** -63;
/** The upper end of the safe range, 2^64 ≈ 1.8e19 (see {@link SAFE_MIN}). */
export const SAFE_MAX = 2 ** 64;

/** The smallest normal float32, 2^-126 ≈ 1.18e-38; float32's largest is ≈ 3.40e38. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/** Whether `x` (rounded to float32, as rescale uses it) is a normal float32: finite, at least 2^-126. */
export function normalFloat32(x: number): boolean {
  const f = Math.fround(x);
  return Number.isFinite(f) && Math.abs(f) >= FLOAT32_MIN_NORMAL;
}

const safe = (v: number) => Math.abs(v) >= SAFE_MIN && Math.abs(v) < SAFE_MAX;

/**
 * Checks every entry of `after` (the rescaled params) is finite, and stays in the safe range
 * [{@link SAFE_MIN}, {@link SAFE_MAX}) wherever the entry of `before` was in it (zeros and entries already
 * outside are left alone). One reduction over all params, one device sync.
 *
 * @param culprit says which scales moved entry `index` (a multi-index) of param `name`, e.g.
 *   `scaled by P_0[0] = 1e+30`.
 * @throws naming a NaN or Inf input as such, or else the first entry that left the range, its values before
 *   and after, and the scales that moved it.
 */
export function assertRescaledInRange(
  before: Params,
  after: Params,
  culprit: (name: string, index: readonly number[]) => string,
): void {
  const names = Object.keys(before);
  if (names.length === 0) return;
  const flags = tf.tidy(() => {
    const [lo, hi] = [tf.scalar(SAFE_MIN), tf.scalar(SAFE_MAX)];
    const inRange = (t: tf.Tensor) => tf.logicalAnd(tf.greaterEqual(t, lo), tf.less(t, hi));
    return tf.stack(
      names.map((name) => {
        const [x, y] = [tf.abs(before[name]), tf.abs(after[name])];
        const kept = tf.logicalOr(tf.logicalNot(inRange(x)), inRange(y));
        return tf.logicalAnd(tf.all(tf.isFinite(y)), tf.all(kept));
      }),
    );
  });
  const bad = flags.dataSync().findIndex((flag) => flag === 0);
  flags.dispose();
  if (bad < 0) return;
  assertFiniteParams(before, "rescale");
  const name = names[bad];
  const [x, y] = [before[name].dataSync(), after[name].dataSync()];
  let i = 0;
  while (i < y.length - 1 && Number.isFinite(y[i]) && !(safe(x[i]) && !safe(y[i]))) i++;
  const where = formatIndex(i, before[name].shape);
  throw new Error(
    `rescale: ${name}[${where}] goes from ${x[i]} to ${y[i]} (${culprit(name, where.split(", ").map(Number))}); ` +
      "rescaled weights must stay where their squares are normal float32s, |w| from 1.1e-19 to 1.8e19 " +
      "(conserved quantities, weight decay and the optimisers square them): choose scales closer to 1",
  );
}
