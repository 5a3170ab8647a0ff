import { normalArray, uniformArray } from "./rng";

/**
 * Kernel initialisers. Glorot (Xavier): variance 2 / (in + out); He (Kaiming): variance 2 / in.
 * "normal" draws from N(0, σ²); "uniform" from U(-a, a) with a = σ√3 (the same variance).
 */
export type InitKind = "glorotNormal" | "glorotUniform" | "heNormal" | "heUniform";

/** Every kernel initialiser, for checks and messages. */
export const INIT_KINDS: readonly InitKind[] = ["glorotNormal", "glorotUniform", "heNormal", "heUniform"];
/** The standard deviation `init` uses for a `[inDim, outDim]` kernel. */
export function initStd(init: InitKind, inDim: number, outDim: number): number {
  return init.startsWith("glorot") ? Math.sqrt(2 / (inDim + outDim)) : Math.sqrt(2 / inDim);
}

/**
 * A seeded `[inDim, outDim]` kernel as a Float32Array (row-major), identical on every backend.
 */
export function initKernelArray(init: InitKind, inDim: number, outDim: number, seed: number): Float32Array {
  const std = initStd(init, inDim, outDim);
  const n = inDim * outDim;
  if (init.endsWith("Uniform")) return uniformArray(n, seed, -std * Math.sqrt(3), std * Math.sqrt(3));
  if (init.endsWith("Normal")) return normalArray(n, seed, 0, std);
  throw new Error(`unknown init "${String(init)}"; use glorotNormal, glorotUniform, heNormal or heUniform`);
}
