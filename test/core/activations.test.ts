import { it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  ACTIVATION_DEFS,
  ACTIVATIONS,
  type Activation,
  type ActivationDef,
  LEAKY_RELU_ALPHA,
  activate,
  activationDef,
} from "../../lib/core/activations";
import { assertClose, assertNoLeaks, describeOnBackends } from "../helpers/tf";

/** Each activation and its derivative in float64 on the host (the oracle). */
const HOST: Record<Activation, { f: (z: number) => number; df: (z: number) => number }> = {
  relu: { f: (z) => Math.max(z, 0), df: (z) => (z > 0 ? 1 : 0) },
  leakyRelu: { f: (z) => (z > 0 ? z : LEAKY_RELU_ALPHA * z), df: (z) => (z > 0 ? 1 : LEAKY_RELU_ALPHA) },
  linear: { f: (z) => z, df: () => 1 },
  squaredRelu: { f: (z) => Math.max(z, 0) ** 2, df: (z) => 2 * Math.max(z, 0) },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  silu: {
    f: (z) => z / (1 + Math.exp(-z)),
    df: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 + z * (1 - s));
    },
  },
};

// Pre-activations away from the kinks, plus exact zeros (where ReLU-like derivatives are taken as 0 or α).
const Z = [
  [-2.5, -1, -0.3, 0],
  [0.2, 0.7, 1.5, 3],
];
const flat = Z.flat();

/** `act.grad(dH, z, h)` with what `gradFrom` says it reads, the other argument undefined. */
function viaDef(name: Activation, dH: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D {
  const def: ActivationDef = ACTIVATION_DEFS[name];
  const h = def.apply(z);
  const grad = def.gradFrom === "output" ? def.grad(dH, undefined, h) : def.grad(dH, z, undefined);
  h.dispose();
  return grad;
}

it("every activation has a host oracle", () => {
  assert.deepEqual(Object.keys(HOST).sort(), [...ACTIVATIONS].sort());
});

describeOnBackends("activations", () => {
  for (const name of ACTIVATIONS) {
    it(`${name}: apply, grad and activate return one new tensor each and leak nothing (outside tf.tidy)`, async () => {
      const z = tf.tensor2d(Z);
      const dH = tf.onesLike(z) as tf.Tensor2D;
      await assertNoLeaks(() => {
        const live = tf.memory().numTensors;
        const h = activate(z, name);
        const g = viaDef(name, dH, z);
        const def: ActivationDef = ACTIVATION_DEFS[name];
        const applied = def.apply(z);
        const owned = [h, applied, ...(g === dH ? [] : [g])];
        assert.equal(tf.memory().numTensors - live, owned.length, "only the results stay");
        tf.dispose(owned);
      });
      tf.dispose([z, dH]);
    });

    it(`${name}: apply and grad equal the float64 formulas; grad equals tf.grad of apply`, () => {
      tf.tidy(() => {
        const z = tf.tensor2d(Z);
        const dH = tf.tensor2d([
          [1, -2, 0.5, 1],
          [3, 1, -1, 0.25],
        ]);
        const dHs = dH.dataSync();
        assertClose(activate(z, name).dataSync(), flat.map(HOST[name].f), 1e-6);
        const grad = viaDef(name, dH, z).dataSync();
        assertClose(
          grad,
          flat.map((v, i) => dHs[i] * HOST[name].df(v)),
          1e-5,
        );
        const auto = tf.grad((x: tf.Tensor) => ACTIVATION_DEFS[name].apply(x as tf.Tensor2D))(z, dH);
        assertClose(grad, auto.dataSync(), 1e-5);
      });
    });

    const p = ACTIVATION_DEFS[name].rescaleDegree;
    it(`${name}: rescaleDegree ${p} is exactly the degree of positive homogeneity`, () => {
      tf.tidy(() => {
        const z = tf.tensor2d(Z);
        const h = activate(z, name).dataSync();
        for (const c of [0.5, 3]) {
          const hc = activate(tf.mul(z, c) as tf.Tensor2D, name).dataSync();
          if (p !== null) {
            assertClose(
              hc,
              Array.from(h, (v) => c ** p * v),
              1e-5,
            );
          } else {
            for (const degree of [1, 2]) {
              const off = Math.max(...Array.from(hc, (v, i) => Math.abs(v - c ** degree * h[i])));
              assert.ok(off > 1e-2, `${name} is not homogeneous of degree ${degree} (off by ${off})`);
            }
          }
        }
      });
    });
  }
});

it("activationDef names the closest activation and lists them all", () => {
  assert.equal(activationDef("relu"), ACTIVATION_DEFS.relu);
  const all = "(use one of relu, leakyRelu, linear, squaredRelu, tanh, silu)";
  assert.throws(() => activationDef("Relu", "dense"), {
    message: `dense: unknown activation "Relu"; did you mean "relu"? ${all}`,
  });
  assert.throws(() => activationDef("leaky_relu"), {
    message: `activation: unknown activation "leaky_relu"; did you mean "leakyRelu"? ${all}`,
  });
  assert.throws(() => activationDef("gelu"), /^Error: activation: unknown activation "gelu"/);
  assert.throws(() => activationDef("constructor"), {
    message: `activation: unknown activation "constructor" ${all}`,
  });
  assert.throws(() => activationDef(3), { message: `activation: unknown activation 3 ${all}` });
});
