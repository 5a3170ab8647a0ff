import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, layersOf, paramShapes, prunableParams } from "../core/architecture";
import type { Params } from "../core/params";
import type { Mask } from "../train/mask";
import { countToDensity, pruneLowest } from "./select";
import { checkDensity, checkInputs, resolveLayers, type LayerOptions, type PruneKind } from "./strategy";

/** Options of {@link synflow}. */
export interface SynflowOptions extends LayerOptions {
  /** Target fraction of the chosen layers' weights kept, in (0, 1]. */
  readonly density: number;
  /** Number of score-and-prune iterations (default 100, as in Tanaka et al. 2020). */
  readonly iterations?: number;
}

/** Tanaka et al.'s default number of SynFlow iterations. */
export const DEFAULT_SYNFLOW = { iterations: 100 } as const;

/**
 * The kernels of `arch` in layer order, checking every layer is dense: SynFlow's closed form below is the
 * path sum of a chain of dense kernels.
 *
 * @throws `synflow: layer <name> is of kind "<kind>"; SynFlow is defined for architectures of dense layers only`.
 */
function denseKernels(arch: Architecture): string[] {
  return layersOf(arch).map((layer) => {
    if (layer.kind.kind !== "dense") {
      throw new Error(
        `synflow: layer ${layer.name} is of kind "${layer.kind.kind}"; SynFlow is defined for architectures ` +
          "of dense layers only",
      );
    }
    return layer.paramNames.kernel;
  });
}

/**
 * SynFlow scores (Tanaka et al. 2020), data-free: with every kernel replaced by `|W| ⊙ mask` and biases set
 * to zero, the all-ones input `[1, inDim]` gives `R = 1ᵀ (∏_l |W_l| ⊙ m_l) 1`, the sum of the outputs, and the
 * score of each weight is `|θ ⊙ ∂R/∂θ|`. All values are non-negative, so ReLU acts as the identity and
 * the network is linear (the closed form leaves the activations out); biases are left out as in the paper's
 * closed form (they are never pruned).
 *
 * @param arch an architecture of dense layers. @param params its params; untouched.
 * @param mask the current mask; untouched.
 * @param layers the kernels to score (default all); every kernel takes part in R.
 * @returns one score tensor per layer, shaped like its kernel `[in, out]`; pruned weights score 0.
 *   The caller owns them.
 * @throws on a layer that is not dense, unknown layers, or a mask that does not fit `params`.
 */
export function synflowScores(
  arch: Architecture,
  params: Params,
  mask: Mask,
  layers?: readonly string[],
): Record<string, tf.Tensor> {
  const all = denseKernels(arch);
  const names = resolveLayers("synflow", arch, layers, all);
  const inDim = arch.inDim;
  checkParams(arch, params, "synflow");
  mask.assertFits(params);
  return tf.tidy(() => {
    const weights = all.map((name) => {
      const m = mask.get(name);
      return m ? tf.mul(tf.abs(params[name]), m) : tf.abs(params[name]);
    });
    const R = (...ws: tf.Tensor[]): tf.Scalar =>
      tf.sum(ws.reduce<tf.Tensor2D>((h, w) => tf.matMul(h, w as tf.Tensor2D), tf.ones([1, inDim])));
    const grads = tf.grads(R)(weights);
    const out: Record<string, tf.Tensor> = {};
    all.forEach((name, i) => {
      if (names.includes(name)) out[name] = tf.mul(weights[i], grads[i]);
    });
    return out;
  });
}

/**
 * SynFlow pruning, one shot to a target density, global across the chosen layers, in `iterations` rounds
 * with the exponential schedule of Tanaka et al. 2020: round k = 1..n keeps `Math.round(d_k × total)` weights,
 * `d_k = d_0 · (density / d_0)^(k/n)` where `d_0` is the mask's current density over the chosen layers (1 for a
 * fresh mask). Each round re-scores with {@link synflowScores} and prunes the lowest (ties: earlier layer, then
 * lower row-major index). The last round hits `Math.round(density × total)` exactly.
 *
 * @param arch an architecture of dense layers. @param params its params. @param mask the current mask.
 * @param options `density`, `iterations` (default 100), `layers` (default all kernels).
 * @returns a new mask; the caller owns it. Inputs are untouched.
 * @throws on a layer that is not dense, a density outside (0, 1], iterations not a positive integer, unknown
 *   layers, a mask from another architecture, NaN weights.
 */
export function synflow(arch: Architecture, params: Params, mask: Mask, options: SynflowOptions): Mask {
  const strategy = "synflow";
  denseKernels(arch);
  const layers = resolveLayers(strategy, arch, options.layers, prunableParams(arch));
  checkDensity(strategy, options.density);
  const n = options.iterations ?? DEFAULT_SYNFLOW.iterations;
  if (!(typeof n === "number" && Number.isInteger(n) && n >= 1))
    throw new Error(`${strategy}: iterations must be a positive integer; got ${n}`);
  checkInputs(strategy, arch, params, mask);
  const shapes = paramShapes(arch);
  let total = 0;
  let kept = 0;
  for (const name of layers) {
    const m = mask.get(name);
    const size = shapes[name].reduce((s, d) => s * d, 1);
    total += size;
    kept += m ? tf.tidy(() => m.sum().dataSync()[0]) : size;
  }
  countToDensity(strategy, options.density)(kept, total); // fail before any work
  const d0 = kept / total;
  let current = mask;
  try {
    for (let k = 1; k <= n; k++) {
      const dk = k === n ? options.density : d0 * Math.pow(options.density / d0, k / n);
      // Intermediate rounds never un-prune: a rounded target above the kept count prunes nothing.
      const count =
        k === n
          ? countToDensity(strategy, dk)
          : (c: number, t: number) => c - Math.min(c, Math.round(dk * t));
      const next = pruneRound(arch, params, current, layers, count);
      if (current !== mask) current.dispose();
      current = next;
    }
  } catch (e) {
    if (current !== mask) current.dispose();
    throw e;
  }
  return current;
}

/** One SynFlow round: score with `mask`, prune the `count` lowest kept weights of `layers` globally. */
function pruneRound(
  arch: Architecture,
  params: Params,
  mask: Mask,
  layers: readonly string[],
  count: (kept: number, total: number) => number,
): Mask {
  const scoreTensors = synflowScores(arch, params, mask, layers);
  try {
    const scores: Record<string, Float32Array> = {};
    for (const name of layers) scores[name] = scoreTensors[name].dataSync() as Float32Array;
    return pruneLowest("synflow", arch, mask, scores, [{ layers, count }]);
  } finally {
    tf.dispose(Object.values(scoreTensors));
  }
}

/** The registry entry `{ kind: "synflow", density, iterations?, layers? }` (see {@link synflow}). */
export const synflowKind: PruneKind<SynflowOptions> = {
  kind: "synflow",
  options: { density: "number", iterations: "number?", layers: "array?" },
  prune: synflow,
};
