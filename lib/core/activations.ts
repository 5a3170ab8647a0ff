import * as tf from "@tensorflow/tfjs";
import { didYouMean } from "./closest";

/** The negative slope of `"leakyRelu"`. */
export const LEAKY_RELU_ALPHA = 0.01;

/**
 * A nonlinearity as data: how to apply it, its derivative, and the symmetry it leaves.
 * - `fused`: the activation tfjs's fused matMul applies in the same kernel (the fast path), if any;
 * - `apply` and `grad` free their intermediates (safe outside `tf.tidy`);
 * - `grad(dH, z, h)`: `dH ⊙ act'(z)`, from the pre-activation `z` or the output `h = act(z)`, whichever
 *   `gradFrom` names (the other argument is `undefined`), so smooth activations differentiate exactly;
 * - `rescaleDegree`: p when `act(c·z) = c^p·act(z)` for every c > 0 (ReLU: 1, ReLU²: 2), so scaling a unit's
 *   incoming weights and bias by c and its outgoing weights by c^-p is a symmetry; `null` when there is none.
 */
export interface ActivationDef {
  readonly fused?: "relu" | "linear" | "leakyrelu";
  /** Returns a new tensor the caller owns. */
  apply(z: tf.Tensor2D): tf.Tensor2D;
  readonly gradFrom: "output" | "preActivation";
  /** Returns a new tensor the caller owns (or `dH` itself for the identity). */
  grad(dH: tf.Tensor2D, z: tf.Tensor2D | undefined, h: tf.Tensor2D | undefined): tf.Tensor2D;
  readonly rescaleDegree: number | null;
}

/** Every activation a layer spec may name. */
export const ACTIVATION_DEFS = {
  relu: {
    fused: "relu",
    apply: (z) => tf.relu(z),
    gradFrom: "output",
    grad: (dH, _z, h) => tf.tidy(() => tf.mul(dH, tf.step(h as tf.Tensor2D))),
    rescaleDegree: 1,
  },
  leakyRelu: {
    fused: "leakyrelu",
    apply: (z) => tf.leakyRelu(z, LEAKY_RELU_ALPHA),
    gradFrom: "output",
    grad: (dH, _z, h) => tf.tidy(() => tf.mul(dH, tf.step(h as tf.Tensor2D, LEAKY_RELU_ALPHA))),
    rescaleDegree: 1,
  },
  linear: {
    fused: "linear",
    apply: (z) => z.clone(),
    gradFrom: "output",
    grad: (dH) => dH,
    rescaleDegree: 1,
  },
  squaredRelu: {
    apply: (z) => tf.tidy(() => tf.square(tf.relu(z))),
    gradFrom: "preActivation",
    grad: (dH, z) => tf.tidy(() => tf.mul(dH, tf.mul(tf.relu(z as tf.Tensor2D), 2))),
    rescaleDegree: 2,
  },
  tanh: {
    apply: (z) => tf.tanh(z),
    gradFrom: "output",
    grad: (dH, _z, h) => tf.tidy(() => tf.mul(dH, tf.sub(1, tf.square(h as tf.Tensor2D)))),
    rescaleDegree: null,
  },
  silu: {
    apply: (z) => tf.tidy(() => tf.mul(z, tf.sigmoid(z))),
    gradFrom: "preActivation",
    grad: (dH, z) =>
      tf.tidy(() => {
        const s = tf.sigmoid(z as tf.Tensor2D);
        return tf.mul(dH, tf.mul(s, tf.add(1, tf.mul(z as tf.Tensor2D, tf.sub(1, s)))));
      }),
    rescaleDegree: null,
  },
} as const satisfies Record<string, ActivationDef>;

/** The name of an activation: `"relu"`, `"leakyRelu"`, `"linear"`, `"squaredRelu"`, `"tanh"` or `"silu"`. */
export type Activation = keyof typeof ACTIVATION_DEFS;

/** Every activation name, in table order. */
export const ACTIVATIONS = Object.keys(ACTIVATION_DEFS) as readonly Activation[];

/**
 * The definition of `name`.
 * @throws `unknown activation "tanhh"; did you mean "tanh"? (use one of relu, leakyRelu, ...)` (prefixed
 *   with `where`; the hint only when a name is close).
 */
export function activationDef(name: unknown, where = "activation"): ActivationDef {
  if (typeof name === "string" && Object.hasOwn(ACTIVATION_DEFS, name))
    return ACTIVATION_DEFS[name as Activation];
  const hint = typeof name === "string" ? didYouMean(name, ACTIVATIONS) : "";
  throw new Error(
    `${where}: unknown activation ${JSON.stringify(name)}${hint} (use one of ${ACTIVATIONS.join(", ")})`,
  );
}

/** Applies `activation` elementwise to `z [batch, n]`. The caller owns the result. */
export function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return activationDef(activation).apply(z);
}
