import * as tf from "@tensorflow/tfjs";
import { csrTranspose, type HostCsr } from "./csr";
import {
  heapOffset,
  onWasmHeap,
  registerWasmKernel,
  type WasmBackendView,
  type WasmKernelModule,
} from "./wasm-kernel";

/**
 * `S · D (+ b, then ReLU)` for a sparse `S` (CSR) and a dense `D`, as a WebAssembly SIMD kernel on the wasm
 * backend. A dense layer fed MNIST's digits (19% nonzero) does a fifth of the multiply-adds this way, both in its
 * forward pass (`X W`, S = X) and in its weight gradient (`Xᵀ δ`, S = Xᵀ).
 *
 * Output row r is accumulated column block by column block, over row r's nonzeros in increasing column order,
 * starting from the bias (or 0). That is the order tfjs-wasm's dense matMul adds in, and the products skipped are
 * exact zeros, so the results equal the dense kernel's bit for bit for finite `D` (tested); where `D` holds Inf or
 * NaN, a skipped `0 · Inf` is not the dense kernel's NaN. The ReLU is `pmax(0, z)`, as the fused dense kernel's.
 */
const ZERO = "(v128.const i32x4 0 0 0 0)";

/**
 * The WAT that fills output row `$r`'s columns `[$j, $panelEnd)` in blocks of `vectors` v128 accumulators (0: one
 * f32), each over the row's nonzeros `[$e0, $eEnd)`; it leaves `$j` after the last whole block.
 */
function columnBlocks(label: string, vectors: number): string {
  const scalar = vectors === 0;
  const bytes = scalar ? 4 : 16 * vectors;
  const ks = Array.from({ length: scalar ? 1 : vectors }, (_, k) => k);
  const init = ks
    .map((k) =>
      scalar
        ? `(local.set $s (if (result f32) (local.get $bias) (then (f32.load (i32.add (local.get $bias) (local.get $j)))) (else (f32.const 0))))`
        : `(local.set $a${k} (if (result v128) (local.get $bias) (then (v128.load offset=${16 * k} align=4 (i32.add (local.get $bias) (local.get $j)))) (else ${ZERO})))`,
    )
    .join("\n        ");
  const madd = ks
    .map((k) =>
      scalar
        ? `(local.set $s (f32.add (local.get $s) (f32.mul (local.get $xs) (f32.load (local.get $p)))))`
        : `(local.set $a${k} (f32x4.add (local.get $a${k}) (f32x4.mul (local.get $x) (v128.load offset=${16 * k} align=4 (local.get $p)))))`,
    )
    .join("\n            ");
  const store = ks
    .map((k) =>
      scalar
        ? `(f32.store (local.get $o) (if (result f32) (local.get $relu) (then (select (local.get $s) (f32.const 0) (f32.lt (f32.const 0) (local.get $s)))) (else (local.get $s))))`
        : `(v128.store offset=${16 * k} align=4 (local.get $o) (if (result v128) (local.get $relu) (then (f32x4.pmax ${ZERO} (local.get $a${k}))) (else (local.get $a${k}))))`,
    )
    .join("\n        ");
  return `
      (block $done${label} (loop $cols${label}
        (br_if $done${label} (i32.gt_u (i32.add (local.get $j) (i32.const ${bytes})) (local.get $panelEnd)))
        ${init}
        (local.set $e (local.get $e0))
        (block $entriesDone${label} (loop $entries${label}
          (br_if $entriesDone${label} (i32.ge_u (local.get $e) (local.get $eEnd)))
          ${scalar ? "(local.set $xs (f32.load (i32.add (local.get $val) (local.get $e))))" : "(local.set $x (v128.load32_splat (i32.add (local.get $val) (local.get $e))))"}
          (local.set $p (i32.add (i32.add (local.get $d) (local.get $j))
            (i32.mul (i32.load (i32.add (local.get $idx) (local.get $e))) (local.get $rowBytes))))
            ${madd}
          (local.set $e (i32.add (local.get $e) (i32.const 4)))
          (br $entries${label})))
        (local.set $o (i32.add (i32.add (local.get $out) (local.get $j)) (i32.mul (local.get $r) (local.get $rowBytes))))
        ${store}
        (local.set $j (i32.add (local.get $j) (i32.const ${bytes})))
        (br $cols${label})))`;
}

const BLOCK = 8; // v128 accumulators per column block: 32 columns

/**
 * The columns are walked in panels of `$panelBytes` (a multiple of a block): every row of a panel before the
 * next panel, so that the panel of `D` the rows gather from stays in the core's cache. Each output is still the
 * sum of one row's products in increasing column order; only the order in which outputs are computed changes.
 */
const CSR_MATMUL_WAT = `
(module
  (import "env" "memory" (memory 0))
  (func (export "csrMatMul")
    (param $rowPtr i32) (param $idx i32) (param $val i32) (param $d i32) (param $bias i32) (param $out i32)
    (param $rows i32) (param $n i32) (param $relu i32) (param $panelBytes i32)
    (local $rowBytes i32) (local $panel i32) (local $panelEnd i32)
    (local $j i32) (local $r i32) (local $e0 i32) (local $e i32) (local $eEnd i32) (local $p i32) (local $o i32)
    (local $x v128) ${Array.from({ length: BLOCK }, (_, k) => `(local $a${k} v128)`).join(" ")}
    (local $xs f32) (local $s f32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (block $panelsDone (loop $panels
      (br_if $panelsDone (i32.ge_u (local.get $panel) (local.get $rowBytes)))
      (local.set $panelEnd (i32.add (local.get $panel) (local.get $panelBytes)))
      (if (i32.gt_u (local.get $panelEnd) (local.get $rowBytes)) (then (local.set $panelEnd (local.get $rowBytes))))
      (local.set $r (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $e0 (i32.shl (i32.load (i32.add (local.get $rowPtr) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2)))
        (local.set $eEnd (i32.shl (i32.load offset=4 (i32.add (local.get $rowPtr) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 2)))
        (local.set $j (local.get $panel))
        ${columnBlocks("Wide", BLOCK)}
        ${columnBlocks("One", 1)}
        ${columnBlocks("Scalar", 0)}
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
      (local.set $panel (local.get $panelEnd))
      (br $panels)))))
`;

/** The bytes of `D` a panel may span (its rows × its width): half of this machine's 1 MB L2 cache per core. */
const PANEL_CACHE_BYTES = 512 * 1024;

/** The panel width in bytes for a `D` of `inner` rows and `n` columns: whole blocks, at least one. */
function panelBytes(inner: number, n: number): number {
  const blockBytes = 16 * BLOCK;
  const blocks = Math.max(1, Math.floor(PANEL_CACHE_BYTES / (Math.max(inner, 1) * blockBytes)));
  return Math.min(blocks * blockBytes, Math.ceil((4 * n) / blockBytes) * blockBytes);
}

const KERNEL_NAME = "GaugelabCsrMatMul";

let kernel: WasmKernelModule | undefined;
let preparing: Promise<boolean> | undefined;

interface CsrAttrs {
  readonly relu: boolean;
}

function csrMatMulKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as unknown as WasmBackendView;
  const { rowPtr, idx, val, dense, bias } = args.inputs as Record<string, tf.TensorInfo>;
  const { relu } = args.attrs as unknown as CsrAttrs;
  const rows = rowPtr.shape[0] - 1;
  const n = dense.shape[1];
  const out = backend.makeOutput([rows, n], "float32");
  const at = (info: tf.TensorInfo) => heapOffset(backend, info);
  (kernel as WasmKernelModule).exportFor(backend, "csrMatMul")(
    at(rowPtr),
    at(idx),
    at(val),
    at(dense),
    bias ? at(bias) : 0,
    at(out),
    rows,
    n,
    relu ? 1 : 0,
    panelBytes(dense.shape[0], n),
  );
  return out;
}

/**
 * Assembles the kernel and registers it (and its gradient) on the wasm backend, once per process; later calls
 * return the same promise. Training and evaluation await it before their first step.
 *
 * @returns whether the kernel is ready (false off wasm, or where WebAssembly SIMD is missing).
 */
export function prepareSparseMatMul(): Promise<boolean> {
  if (!onWasmHeap()) return Promise.resolve(false);
  preparing ??= registerWasmKernel({
    file: "csr-matmul.wat",
    wat: CSR_MATMUL_WAT,
    kernelName: KERNEL_NAME,
    kernelFunc: csrMatMulKernel as tf.KernelFunc,
    gradient: {
      kernelName: KERNEL_NAME,
      inputsToSave: ["tRowPtr", "tIdx", "tVal"],
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const [tRowPtr, tIdx, tVal, out] = saved as tf.Tensor[];
        const g = (attrs as unknown as CsrAttrs).relu
          ? tf.mul(dy as tf.Tensor, tf.step(out))
          : (dy as tf.Tensor);
        const transposed = { rowPtr: tRowPtr, idx: tIdx, val: tVal } as DeviceCsr;
        return { dense: () => csrMatMulOp(transposed, g as tf.Tensor2D), bias: () => tf.sum(g, 0) };
      },
    },
  }).then((module) => (kernel = module) !== undefined);
  return preparing;
}

/** Whether the kernel is ready on the current backend (see {@link prepareSparseMatMul}). */
export function sparseMatMulReady(): boolean {
  return kernel !== undefined && onWasmHeap();
}

/** A CSR matrix in the backend: `rowPtr [rows + 1]` and `idx [nnz]` int32, `val [nnz]` float32. */
interface DeviceCsr {
  readonly rowPtr: tf.Tensor1D;
  readonly idx: tf.Tensor1D;
  readonly val: tf.Tensor1D;
}

/**
 * A sparse `[rows, cols]` matrix uploaded to the backend, with its transpose when it will be differentiated
 * through (a layer's weight gradient is `Sᵀ δ`). The owner disposes it with {@link disposeSparse}.
 */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly csr: DeviceCsr;
  readonly transposed?: DeviceCsr;
}

function upload(host: HostCsr): DeviceCsr {
  return {
    rowPtr: tf.tensor1d(host.rowPtr, "int32"),
    idx: tf.tensor1d(host.idx, "int32"),
    val: tf.tensor1d(host.val, "float32"),
  };
}

/**
 * Uploads a host CSR matrix (and, with `transpose`, the CSR form of its transpose). The caller owns the result.
 */
export function uploadSparse(host: HostCsr, options: { readonly transpose: boolean }): SparseMatrix {
  return {
    rows: host.rows,
    cols: host.cols,
    csr: upload(host),
    transposed: options.transpose ? upload(csrTranspose(host)) : undefined,
  };
}

/** Frees a {@link SparseMatrix}'s tensors. */
export function disposeSparse(s: SparseMatrix): void {
  tf.dispose([s.csr.rowPtr, s.csr.idx, s.csr.val]);
  if (s.transposed) tf.dispose([s.transposed.rowPtr, s.transposed.idx, s.transposed.val]);
}

function csrMatMulOp(
  s: DeviceCsr,
  dense: tf.Tensor2D,
  bias?: tf.Tensor1D,
  relu = false,
  transposed?: DeviceCsr,
): tf.Tensor2D {
  const inputs: Record<string, tf.Tensor> = { rowPtr: s.rowPtr, idx: s.idx, val: s.val, dense };
  if (bias) inputs.bias = bias;
  if (transposed)
    Object.assign(inputs, { tRowPtr: transposed.rowPtr, tIdx: transposed.idx, tVal: transposed.val });
  return tf.engine().runKernel(KERNEL_NAME, inputs, { relu }) as tf.Tensor2D;
}

/**
 * `S · D`, plus `bias` and then a ReLU when asked: `[s.rows, D.shape[1]]`, a new tensor (tracked by an
 * enclosing `tf.tidy`). Differentiable with respect to `dense` and `bias` when `s` carries its transpose.
 *
 * @param s `[rows, inner]`; @param dense `[inner, n]`, float32; @param bias `[n]`.
 * @throws when the kernel is not ready ({@link sparseMatMulReady}) or the shapes do not fit.
 */
export function sparseMatMul(
  s: SparseMatrix,
  dense: tf.Tensor2D,
  options: { readonly bias?: tf.Tensor1D; readonly relu?: boolean } = {},
): tf.Tensor2D {
  if (!sparseMatMulReady())
    throw new Error("sparseMatMul: the kernel is not ready (await prepareSparseMatMul())");
  if (dense.rank !== 2 || dense.shape[0] !== s.cols || dense.dtype !== "float32") {
    throw new Error(
      `sparseMatMul: dense must be float32 [${s.cols}, n]; got ${dense.dtype} [${dense.shape}]`,
    );
  }
  if (options.bias && (options.bias.rank !== 1 || options.bias.shape[0] !== dense.shape[1])) {
    throw new Error(`sparseMatMul: bias must be [${dense.shape[1]}]; got [${options.bias.shape}]`);
  }
  return csrMatMulOp(s.csr, dense, options.bias, options.relu ?? false, s.transposed);
}

/**
 * `Sᵀ · D` for the `s` that carries its transpose: `[s.cols, D.shape[1]]` (a layer's weight gradient `Xᵀ δ`).
 *
 * @throws when `s` was uploaded without its transpose.
 */
export function sparseTransposeMatMul(s: SparseMatrix, dense: tf.Tensor2D): tf.Tensor2D {
  if (!s.transposed)
    throw new Error("sparseTransposeMatMul: the sparse matrix was uploaded without its transpose");
  if (dense.rank !== 2 || dense.shape[0] !== s.rows) {
    throw new Error(`sparseTransposeMatMul: dense must be [${s.rows}, n]; got [${dense.shape}]`);
  }
  return csrMatMulOp(s.transposed, dense);
}

const sparseForms = new WeakMap<tf.Tensor, SparseMatrix>();

/**
 * Marks `X` as having the sparse form `s` (the same values), so that a dense layer fed `X` multiplies by `s`
 * instead (see the dense kind). The mark lives as long as `X`; `s` is still the caller's to dispose.
 */
export function markSparse(X: tf.Tensor2D, s: SparseMatrix): void {
  if (X.shape[0] !== s.rows || X.shape[1] !== s.cols) {
    throw new Error(`markSparse: X [${X.shape}] and its sparse form [${s.rows}, ${s.cols}] differ in shape`);
  }
  sparseForms.set(X, s);
}

/** The sparse form `X` was marked with, when the kernel can use it here. */
export function sparseFormOf(X: tf.Tensor): SparseMatrix | undefined {
  const s = sparseForms.get(X);
  return s && sparseMatMulReady() ? s : undefined;
}
