import * as tf from "@tensorflow/tfjs";

/** Keller Jordan's quintic Newton–Schulz coefficients (a, b, c) for Muon. They sum to 0.701 on purpose. */
export const MUON_COEFFICIENTS: readonly [number, number, number] = [3.4445, -4.775, 2.0315];

/**
 * Quintic coefficients with the fixed point 1 and derivative 0 there, `(15/8, −10/8, 3/8)`: every singular value
 * in (0, √(7/3)) converges to 1, so a few of these steps after Muon's turn its output into an exact polar factor.
 */
export const POLAR_COEFFICIENTS: readonly [number, number, number] = [15 / 8, -10 / 8, 3 / 8];

/** Options of {@link newtonSchulz}. */
export interface NewtonSchulzOptions {
  /** Iterations (default 5). */
  readonly steps?: number;
  /** (a, b, c) of `X ← aX + (bA + cA²)X`, `A = XXᵀ` (default {@link MUON_COEFFICIENTS}). */
  readonly coefficients?: readonly [number, number, number];
  /** Further iterations with {@link POLAR_COEFFICIENTS} after `steps` (default 0). */
  readonly polishSteps?: number;
}

/** Throws unless `G` is a non-empty 2-D tensor (no device sync). */
function checkShape(G: tf.Tensor, where: string): void {
  if (!(G instanceof tf.Tensor)) throw new Error(`${where}: G must be a tf.Tensor (a 2-D gradient)`);
  if (G.rank !== 2) {
    throw new Error(
      `${where}: G must be 2-D [rows, cols]; got shape [${G.shape}]. Orthogonalise only weight matrices ` +
        "(biases and other tensors go to the fallback optimizer)",
    );
  }
  if (G.size === 0) throw new Error(`${where}: G is empty (shape [${G.shape}])`);
}

function checkSteps(n: number, what: string, where: string): void {
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new Error(`${where}: ${what} must be an integer ≥ 0; got ${n}`);
  }
}

/**
 * The iteration itself, without input checks (the optimizers call it every step and must not sync):
 * `X = G / (‖G‖_F + 1e-7)`, transposed when rows > cols so `XXᵀ` is the small Gram matrix, then `steps` times
 * `A = XXᵀ, B = bA + cA², X = aX + BX`, then `polishSteps` times the same with {@link POLAR_COEFFICIENTS}.
 *
 * @param G `[rows, cols]`; read, not disposed.
 * @returns a new `[rows, cols]` tensor the caller owns.
 */
export function newtonSchulzUnchecked(
  G: tf.Tensor2D,
  steps: number,
  coefficients: readonly [number, number, number],
  polishSteps = 0,
): tf.Tensor2D {
  return tf.tidy(() => {
    const transpose = G.shape[0] > G.shape[1];
    let X = tf.div(G, tf.add(tf.norm(G), 1e-7)) as tf.Tensor2D;
    if (transpose) X = tf.transpose(X);
    const iterate = ([a, b, c]: readonly [number, number, number]) => {
      // An explicit transpose: on wasm, matMul with a transpose flag is about 10× slower.
      const A = tf.matMul(X, tf.transpose(X));
      const B = tf.add(tf.mul(A, b), tf.mul(tf.matMul(A, A), c));
      X = tf.add(tf.mul(X, a), tf.matMul(B, X));
    };
    for (let k = 0; k < steps; k++) iterate(coefficients);
    for (let k = 0; k < polishSteps; k++) iterate(POLAR_COEFFICIENTS);
    return transpose ? tf.transpose(X) : X;
  });
}

/**
 * Approximately orthogonalises a matrix by Newton–Schulz iteration (Muon's `zeropower_via_newtonschulz5`):
 * with the default 5 Muon steps the singular values of the result lie near 0.5–1.5 (not at 1) and its singular
 * vectors are G's; with `polishSteps` > 0 they converge to 1, the polar factor `UVᵀ` of G's SVD (directions with
 * σ ≈ 0 stay ≈ 0). Runs in float32 on the active backend.
 *
 * @param G `[rows, cols]`, non-empty, finite; read, not disposed.
 * @returns a new `[rows, cols]` tensor the caller owns.
 * @throws when G is not a non-empty 2-D tensor, holds NaN or ±Inf (one device sync), or the step counts are not
 *   integers ≥ 0.
 */
export function newtonSchulz(G: tf.Tensor, options: NewtonSchulzOptions = {}): tf.Tensor2D {
  const where = "newtonSchulz";
  checkShape(G, where);
  const { steps = 5, coefficients = MUON_COEFFICIENTS, polishSteps = 0 } = options;
  checkSteps(steps, "steps", where);
  checkSteps(polishSteps, "polishSteps", where);
  if (!(coefficients.length === 3 && coefficients.every(Number.isFinite))) {
    throw new Error(`${where}: coefficients must be three finite numbers (a, b, c); got [${coefficients}]`);
  }
  const finite = tf.tidy(() => tf.all(tf.isFinite(G)).dataSync()[0]);
  if (!finite) {
    throw new Error(`${where}: G holds NaN or ±Inf; find where the gradient overflowed (lower the lr)`);
  }
  return newtonSchulzUnchecked(G as tf.Tensor2D, steps, coefficients, polishSteps);
}
