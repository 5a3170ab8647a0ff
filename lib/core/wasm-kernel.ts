import * as tf from "@tensorflow/tfjs";
import wabt from "wabt";

/**
 * What the kit's own WebAssembly kernels share: a module assembled from WebAssembly text (by the `wabt` package)
 * that imports tfjs-wasm's own `WebAssembly.Memory`, so that it reads and writes tensors where the backend keeps
 * them, with nothing copied. `fused-adam.ts` and `sparse-matmul.ts` are such kernels.
 */

/** The parts of the WebAssembly API used here, typed locally: tslab type-checks the lib without the DOM library. */
type WasmModule = object;
type WasmMemory = { readonly buffer: ArrayBuffer };
const WASM = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => WasmModule;
      Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
      Memory: abstract new (...args: never[]) => WasmMemory;
    };
  }
).WebAssembly;

/** The slice of tfjs-wasm's backend a kernel uses: its heap, and where each tensor lives in it. */
export interface WasmBackendView {
  readonly wasm: { readonly asm: { readonly memory: WasmMemory } };
  readonly dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32" | "int32"): tf.TensorInfo;
}

/** A function exported by a kernel module: byte offsets into the backend's heap, sizes and constants in. */
export type WasmExport = (...args: number[]) => void;

/** A kernel module assembled once per process, instantiated once per backend heap. */
export interface WasmKernelModule {
  /** The export `name` of the instance that works in `backend`'s heap. */
  exportFor(backend: WasmBackendView, name: string): WasmExport;
}

/** Assembles `wat` (with SIMD) into a module. Rejects where `wabt` or WebAssembly SIMD is missing. */
async function assembleKernel(file: string, wat: string): Promise<WasmKernelModule> {
  const toolkit = await wabt();
  const text = toolkit.parseWat(file, wat, { simd: true });
  let compiled: WasmModule;
  try {
    text.validate();
    compiled = new WASM.Module(text.toBinary({}).buffer);
  } finally {
    text.destroy();
  }
  const instances = new WeakMap<WasmMemory, Record<string, unknown>>();
  return {
    exportFor(backend, name) {
      const memory = backend.wasm.asm.memory;
      let exports = instances.get(memory);
      if (!exports) {
        exports = new WASM.Instance(compiled, { env: { memory } }).exports;
        instances.set(memory, exports);
      }
      return exports[name] as WasmExport;
    },
  };
}

/** Whether the current backend is tfjs-wasm with a heap a kernel can import. */
export function onWasmHeap(): boolean {
  if (tf.getBackend() !== "wasm") return false;
  const memory = (tf.backend() as unknown as Partial<WasmBackendView>).wasm?.asm?.memory;
  return memory instanceof WASM.Memory;
}

/** The byte offset of a tensor's data in the backend's heap. */
export function heapOffset(backend: WasmBackendView, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/** A kit kernel to register on the wasm backend: its WebAssembly text, its tfjs kernel and, optionally, gradient. */
export interface WasmKernelSpec {
  /** A name for `wabt`'s error messages, e.g. `"fused-adam.wat"`. */
  readonly file: string;
  readonly wat: string;
  readonly kernelName: string;
  readonly kernelFunc: tf.KernelFunc;
  readonly gradient?: tf.GradConfig;
}

/**
 * Assembles a kernel module and registers its tfjs kernel (and gradient) on the wasm backend.
 *
 * @returns the module, or `undefined` where it cannot be assembled (no `wabt`, no WebAssembly SIMD).
 */
export async function registerWasmKernel(spec: WasmKernelSpec): Promise<WasmKernelModule | undefined> {
  try {
    const module = await assembleKernel(spec.file, spec.wat);
    tf.registerKernel({ kernelName: spec.kernelName, backendName: "wasm", kernelFunc: spec.kernelFunc });
    if (spec.gradient) tf.registerGradient(spec.gradient);
    return module;
  } catch {
    return undefined;
  }
}
