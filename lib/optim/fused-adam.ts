import * as tf from "@tensorflow/tfjs";
import {
  heapOffset,
  onWasmHeap,
  registerWasmKernel,
  type WasmBackendView,
  type WasmKernelModule,
} from "../core/wasm-kernel";

/**
 * Adam's update as one pass over memory on the wasm backend, instead of the fourteen elementwise tfjs ops that
 * `adam.ts` writes it as. Each op reads and writes a whole tensor, so on a population's stacked first layer
 * ([784, K·300]) those passes cost about as much as the matMuls. The pass is a small WebAssembly SIMD function that
 * works in the backend's own heap (see `core/wasm-kernel.ts`), so nothing is copied.
 *
 * It performs the same float32 operations in the same order as the ops:
 *   m' = m·β1 + g·(1−β1)         (first step: m' = g·(1−β1))
 *   v' = v·β2 + (g·g)·(1−β2)     (first step: v' = (g·g)·(1−β2))
 *   p' = p − ((m' / c1) / (√(v' / c2) + ε)) · lr,  with c1 = 1−β1ᵗ and c2 = 1−β2ᵗ rounded to float32.
 * Every one of these is a correctly rounded IEEE float32 operation both here (f32x4) and in tfjs-wasm's kernels,
 * so the results are the same bit for bit (`test/optim/fused-adam.test.ts` checks it, signed zeros included).
 */
const ADAM_WAT = `
(module
  (import "env" "memory" (memory 0))
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $pOut i32) (param $mOut i32) (param $vOut i32) (param $n i32) (param $first i32)
    (param $b1 f32) (param $o1 f32) (param $b2 f32) (param $o2 f32)
    (param $c1 f32) (param $c2 f32) (param $eps f32) (param $lr f32)
    (local $i i32) (local $bytes i32) (local $vectorBytes i32) (local $firstMask v128)
    (local $B1 v128) (local $O1 v128) (local $B2 v128) (local $O2 v128)
    (local $C1 v128) (local $C2 v128) (local $EPS v128) (local $LR v128)
    (local $gv v128) (local $term v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ts f32) (local $ms f32) (local $vs f32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $firstMask (i32x4.splat (i32.sub (i32.const 0) (local.get $first))))
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $O1 (f32x4.splat (local.get $o1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $O2 (f32x4.splat (local.get $o2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $LR (f32x4.splat (local.get $lr)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $i) (local.get $vectorBytes)))
        (local.set $gv (v128.load align=4 (i32.add (local.get $g) (local.get $i))))
        (local.set $term (f32x4.mul (local.get $gv) (local.get $O1)))
        (local.set $mv (v128.bitselect
          (local.get $term)
          (f32x4.add (f32x4.mul (v128.load align=4 (i32.add (local.get $m) (local.get $i))) (local.get $B1))
                     (local.get $term))
          (local.get $firstMask)))
        (local.set $term (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $O2)))
        (local.set $vv (v128.bitselect
          (local.get $term)
          (f32x4.add (f32x4.mul (v128.load align=4 (i32.add (local.get $v) (local.get $i))) (local.get $B2))
                     (local.get $term))
          (local.get $firstMask)))
        (v128.store align=4 (i32.add (local.get $mOut) (local.get $i)) (local.get $mv))
        (v128.store align=4 (i32.add (local.get $vOut) (local.get $i)) (local.get $vv))
        (v128.store align=4 (i32.add (local.get $pOut) (local.get $i))
          (f32x4.sub
            (v128.load align=4 (i32.add (local.get $p) (local.get $i)))
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (local.get $C1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $C2))) (local.get $EPS)))
              (local.get $LR))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ts (f32.mul (local.get $gs) (local.get $o1)))
        (local.set $ms (select
          (local.get $ts)
          (f32.add (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1)) (local.get $ts))
          (local.get $first)))
        (local.set $ts (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $o2)))
        (local.set $vs (select
          (local.get $ts)
          (f32.add (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2)) (local.get $ts))
          (local.get $first)))
        (f32.store (i32.add (local.get $mOut) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $pOut) (local.get $i))
          (f32.sub
            (f32.load (i32.add (local.get $p) (local.get $i)))
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $c1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
              (local.get $lr))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail)))))
`;

const KERNEL_NAME = "GaugelabFusedAdam";

/** Adam's hyperparameters for one step; `t` counts steps from 1. */
export interface AdamStepConstants {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly lr: number;
  readonly t: number;
}

let kernel: WasmKernelModule | undefined;
let preparing: Promise<boolean> | undefined;

function fusedAdamKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackendView;
  const { param, grad, m, v } = args.inputs as Record<"param" | "grad" | "m" | "v", tf.TensorInfo>;
  const { beta1, beta2, epsilon, lr, t } = args.attrs as unknown as AdamStepConstants;
  const f = Math.fround;
  const outputs = [param, m, v].map((like) => backend.makeOutput([...like.shape], "float32"));
  const at = (info: tf.TensorInfo) => heapOffset(backend, info);
  (kernel as WasmKernelModule).exportFor(backend, "adam")(
    at(param),
    at(grad),
    at(m),
    at(v),
    ...outputs.map(at),
    tf.util.sizeFromShape(param.shape),
    t === 1 ? 1 : 0,
    f(beta1),
    f(1 - beta1),
    f(beta2),
    f(1 - beta2),
    f(1 - beta1 ** t),
    f(1 - beta2 ** t),
    f(epsilon),
    f(lr),
  );
  return outputs;
}

/**
 * Assembles the fused Adam pass and registers it as a wasm kernel, once per process (later calls return the
 * same promise). Adam starts this when it is created on the wasm backend, and uses the pass from the first step
 * after it is ready; until then (and on other backends) it runs the ops, which give the same numbers.
 *
 * @returns whether the pass is ready (false where WebAssembly SIMD or the wasm backend is missing).
 */
export function prepareFusedAdam(): Promise<boolean> {
  preparing ??= registerWasmKernel({
    file: "fused-adam.wat",
    wat: ADAM_WAT,
    kernelName: KERNEL_NAME,
    kernelFunc: fusedAdamKernel as tf.KernelFunc,
  }).then((module) => (kernel = module) !== undefined);
  return preparing;
}

function canRun(tensors: tf.Tensor[]): boolean {
  return kernel !== undefined && onWasmHeap() && tensors.every((x) => x.dtype === "float32");
}

/**
 * One Adam step for one tensor as a single pass (see the module comment), when the pass is ready and the
 * backend is wasm.
 *
 * @param param the weights, any shape; `grad` has its shape.
 * @param moments the first and second moments from the previous step, or `undefined` at the first step (t = 1).
 * @returns new tensors `[param', m', v']` of `param`'s shape, owned by the caller (inside a `tf.tidy` they are
 *   tracked like any op's output), or `undefined` when the pass cannot run here (then use the ops).
 */
export function fusedAdamStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  moments: { m: tf.Tensor; v: tf.Tensor } | undefined,
  constants: AdamStepConstants,
): [tf.Tensor, tf.Tensor, tf.Tensor] | undefined {
  const inputs = [param, grad, moments?.m ?? grad, moments?.v ?? grad];
  if (!canRun(inputs)) return undefined;
  if (inputs.some((x) => x.size !== param.size)) {
    throw new Error(`adam: the gradient and moments must have the weights' shape [${param.shape}]`);
  }
  if ((moments === undefined) !== (constants.t === 1)) {
    throw new Error(`adam: step ${constants.t} needs the moments of the step before it (and step 1 none)`);
  }
  const [p, g, m, v] = inputs;
  return tf.engine().runKernel(KERNEL_NAME, { param: p, grad: g, m, v }, { ...constants }) as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
}
