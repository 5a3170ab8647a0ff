import * as tf from "@tensorflow/tfjs";
import { type Activation, activationDef, LEAKY_RELU_ALPHA } from "../activations";
import { initKernelArray } from "../init-kernel";
import { sparseFormOf, sparseMatMul, sparseTransposeMatMul } from "../sparse-matmul";
import type { LayerKind, LayerSpec, LayerTape } from "../layer-kind";

/** A dense layer `act(h W + b)`: `kernel [inDim, units]`, `bias [units]`. */
export interface DenseSpec extends LayerSpec {
  readonly kind: "dense";
  readonly units: number;
  /** Default `"linear"` (an output layer of logits). */
  readonly activation?: Activation;
}

/**
 * The dense kind. Its forward pass is one fused kernel (matMul + bias + activation) when the activation is
 * piecewise linear, whose derivative reads the output; for smooth activations it keeps the pre-activation z
 * and differentiates there. The backward pass: `δ = dOut ⊙ act'`, `dW = hᵀ δ`, `db = Σ_batch δ`,
 * `dIn = δ Wᵀ`, with explicit transposes (tfjs-wasm's matMul with transpose flags is ~10× slower). An input marked
 * sparse (`markSparse`) is multiplied by its nonzeros only, in the forward pass and in `dW = hᵀ δ`.
 */
export const dense: LayerKind<DenseSpec> = {
  kind: "dense",
  options: { units: "number", activation: "string?" },
  check(spec, _inDim, where) {
    if (!(Number.isInteger(spec.units) && spec.units > 0)) {
      throw new Error(`${where}: units must be a positive integer; got ${spec.units}`);
    }
    activationDef(spec.activation ?? "linear", where);
  },
  outDim: (spec) => spec.units,
  paramShapes: (spec, inDim) => ({ kernel: [inDim, spec.units], bias: [spec.units] }),
  prunable: ["kernel"],
  init(spec, inDim, options) {
    const values = initKernelArray(options.init, inDim, spec.units, options.seed);
    return {
      kernel: tf.tensor2d(values, [inDim, spec.units]),
      bias: tf.fill([spec.units], options.biasValue),
    };
  },
  forward(spec, p, h) {
    return tf.tidy(() => {
      const tape = denseTape(spec, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D, h);
      return tape.out;
    });
  },
  forwardTape: (spec, p, h) => denseTape(spec, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D, h),
  backward(spec, p, tape, dOut, wants) {
    const act = activationDef(spec.activation ?? "linear");
    const delta = act.grad(dOut, tape.z, tape.out);
    const grads: Record<string, tf.Tensor> = {};
    if (wants.params.includes("kernel")) {
      const sparse = sparseFormOf(tape.input);
      grads.kernel =
        sparse?.transposed !== undefined
          ? sparseTransposeMatMul(sparse, delta)
          : tf.matMul(tf.transpose(tape.input), delta);
    }
    if (wants.params.includes("bias")) grads.bias = tf.sum(delta, 0);
    const dIn = wants.input
      ? (tf.matMul(delta, tf.transpose(p.kernel as tf.Tensor2D)) as tf.Tensor2D)
      : undefined;
    return { grads, dIn };
  },
  outputUnits: { weights: { kernel: 1 }, bias: { bias: 0 } },
  inputUnits: { kernel: 0 },
  rescaleDegree: (spec) => activationDef(spec.activation ?? "linear").rescaleDegree,
};

/**
 * `act(h W + b)` and what its derivative needs. A fused activation whose derivative reads the output runs in
 * the matMul kernel, the way inference and training have always computed it (bit for bit). When `h` is marked
 * sparse (a batch of MNIST digits, see `sparse-matmul.ts`), the matMul multiplies by its nonzeros only, with the
 * same numbers.
 */
function denseTape(spec: DenseSpec, kernel: tf.Tensor2D, bias: tf.Tensor1D, h: tf.Tensor2D): LayerTape {
  const act = activationDef(spec.activation ?? "linear");
  const sparse = sparseFormOf(h);
  const fusedMatMul = (activation: "relu" | "linear" | "leakyrelu") =>
    sparse && activation !== "leakyrelu"
      ? sparseMatMul(sparse, kernel, { bias, relu: activation === "relu" })
      : (tf.fused.matMul({
          a: h,
          b: kernel,
          bias,
          activation,
          leakyreluAlpha: LEAKY_RELU_ALPHA,
        }) as tf.Tensor2D);
  if (act.fused && act.gradFrom === "output") return { input: h, out: fusedMatMul(act.fused) };
  const z = fusedMatMul("linear");
  return { input: h, z, out: act.apply(z) };
}
