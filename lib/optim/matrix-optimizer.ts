import * as tf from "@tensorflow/tfjs";
import { checkOptions } from "../core/check-options";
import type { Json } from "../core/json";
import type { Params } from "../core/params";
import { adam } from "./adam";
import { resolveMatrices } from "./matrix-names";
import { momentum as momentumKind } from "./momentum";
import { type Optimizer, type OptimizerConfig, type OptimizerKind, checkLr, checkRange } from "./optimizer";
import { sgd } from "./sgd";
import { tensorFromJson, tensorToJson } from "./tensor-state";

/**
 * How the orthogonalised update `O` of a `[fanIn, fanOut]` kernel is scaled (the kit stores kernels as
 * `[in, out]`, the transpose of PyTorch's `[out, in]`):
 * - `"keller"` (default): `√max(1, fanOut/fanIn)`, KellerJordan/Muon's `max(1, rows/cols)^0.5`;
 * - `"modula"`: `√(fanOut/fanIn)`;
 * - `"adamw-rms"`: `0.2·√max(fanIn, fanOut)`, which matches AdamW's update RMS so AdamW's lr carries over;
 * - `"none"`: 1.
 */
export type MatrixScale = "keller" | "modula" | "adamw-rms" | "none";

/** The optimizers a matrix optimizer may hand its other params to. */
export type FallbackConfig = { readonly kind: "adam" | "sgd" | "momentum"; readonly [option: string]: Json };

/** The options every matrix optimizer (Muon, spectral GD, dualized GD) shares. */
export interface MatrixOptimizerConfig extends OptimizerConfig {
  readonly lr: number;
  /** β of the momentum buffer `m ← βm + (1 − β)g` (Muon: 0.95; the others: 0). */
  readonly momentum?: number;
  /** Orthogonalise `(1 − β)g + βm` instead of `m` (Muon: true). */
  readonly nesterov?: boolean;
  /** Decoupled weight decay: `W ← W(1 − lr·weightDecay) − lr·scale·O` (default 0). */
  readonly weightDecay?: number;
  readonly scale?: MatrixScale;
  /** The params the rule updates (see `hiddenMatrices(arch)`); default: every 2-D param but the first and last. */
  readonly matrices?: readonly string[];
  /** Where every other param goes (biases, input layer, head); default `{ kind: "adam", lr: 1e-3 }`. */
  readonly fallback?: FallbackConfig;
}

/** The option types of {@link MatrixOptimizerConfig}, for the registry's check. */
export const MATRIX_OPTIONS = {
  lr: "number",
  momentum: "number?",
  nesterov: "boolean?",
  weightDecay: "number?",
  scale: "string?",
  matrices: "array?",
  fallback: "object?",
} as const;

const FALLBACKS: Readonly<Record<string, OptimizerKind>> = {
  adam: adam as OptimizerKind,
  sgd: sgd as OptimizerKind,
  momentum: momentumKind as OptimizerKind,
};

const SCALES: readonly MatrixScale[] = ["keller", "modula", "adamw-rms", "none"];

/** The factor {@link MatrixScale} names for a `[fanIn, fanOut]` kernel. */
export function matrixScale(scale: MatrixScale, fanIn: number, fanOut: number): number {
  if (scale === "keller") return Math.sqrt(Math.max(1, fanOut / fanIn));
  if (scale === "modula") return Math.sqrt(fanOut / fanIn);
  if (scale === "adamw-rms") return 0.2 * Math.sqrt(Math.max(fanIn, fanOut));
  return 1;
}

/** A matrix rule: the direction `O` for a `[fanIn, fanOut]` update `M` (a new tensor, inside a tidy). */
export type MatrixRule = (M: tf.Tensor2D) => tf.Tensor2D;

function makeFallback(config: FallbackConfig | undefined, where: string): Optimizer {
  const c: OptimizerConfig = config ?? { kind: "adam", lr: 1e-3 };
  const kind = FALLBACKS[c.kind];
  if (!kind) {
    throw new Error(`${where}: fallback.kind must be adam, sgd or momentum; got ${JSON.stringify(c.kind)}`);
  }
  checkOptions(c, { kind: "string", ...kind.options }, `${where}: fallback (${c.kind})`);
  return kind.create(c);
}

/**
 * Builds a matrix optimizer: `rule` updates the params `config.matrices` names (with momentum, scale and weight
 * decay as {@link MatrixOptimizerConfig} says); the fallback optimizer updates every other param. Its state
 * (momentum buffers and the fallback's) round-trips through `saveState`/`loadState` as JSON.
 *
 * @param where the kind's name, for messages and `name`.
 * @throws on lr ≤ 0, momentum ∉ [0, 1), weightDecay < 0, an unknown scale or a bad fallback.
 */
export function createMatrixOptimizer(
  config: MatrixOptimizerConfig,
  rule: MatrixRule,
  where: string,
  defaults: { readonly momentum: number; readonly nesterov: boolean },
): Optimizer {
  const { lr, weightDecay = 0, scale = "keller" } = config;
  const beta = config.momentum ?? defaults.momentum;
  const nesterov = config.nesterov ?? defaults.nesterov;
  checkLr(lr, where);
  checkRange(beta, 0, 1, `${where}: momentum`);
  checkRange(weightDecay, 0, Infinity, `${where}: weightDecay`);
  if (!SCALES.includes(scale)) {
    throw new Error(`${where}: scale must be one of ${SCALES.join(", ")}; got ${JSON.stringify(scale)}`);
  }
  const fallback = makeFallback(config.fallback, where);
  const buffers = new Map<string, tf.Tensor>();
  let matrices: ReadonlySet<string> | undefined;
  return {
    name: `${where}(lr=${lr}, momentum=${beta}${nesterov ? ", nesterov" : ""}, scale=${scale})`,
    step(params: Params, grads: Params): Record<string, tf.Tensor> {
      matrices ??= resolveMatrices(params, config.matrices, where);
      const rest: Record<string, tf.Tensor> = {};
      for (const [name, g] of Object.entries(grads)) if (!matrices.has(name)) rest[name] = g;
      const others = fallback.step(params, rest);
      const updated: Record<string, tf.Tensor> = {};
      const next = new Map<string, tf.Tensor>();
      tf.tidy(() => {
        for (const [name, g] of Object.entries(grads)) {
          if (!matrices?.has(name)) continue;
          const prev = buffers.get(name);
          const m =
            beta === 0 ? g : prev ? tf.add(tf.mul(prev, beta), tf.mul(g, 1 - beta)) : tf.mul(g, 1 - beta);
          const M = nesterov && beta > 0 ? tf.add(tf.mul(g, 1 - beta), tf.mul(m, beta)) : m;
          const [fanIn, fanOut] = g.shape;
          const O = tf.mul(rule(M as tf.Tensor2D), matrixScale(scale, fanIn, fanOut));
          const p = params[name];
          const decayed = weightDecay ? tf.mul(p, 1 - lr * weightDecay) : p;
          updated[name] = tf.keep(tf.sub(decayed, tf.mul(O, lr)));
          if (beta > 0) next.set(name, tf.keep(m));
        }
      });
      for (const [name, m] of next) {
        buffers.get(name)?.dispose();
        buffers.set(name, m);
      }
      // In the order of `grads`, so the params keep their storage order (the default `matrices` reads it).
      const out: Record<string, tf.Tensor> = {};
      for (const name of Object.keys(grads)) out[name] = updated[name] ?? others[name];
      return out;
    },
    saveState(): Json {
      const momentumState: Record<string, Json> = {};
      for (const [name, m] of buffers) momentumState[name] = tensorToJson(m);
      return { momentum: momentumState, fallback: fallback.saveState?.() ?? null };
    },
    loadState(state: Json): void {
      const s = state as { momentum?: Record<string, Json>; fallback?: Json } | null;
      if (typeof s !== "object" || s === null || typeof s.momentum !== "object" || s.momentum === null) {
        throw new Error(`${where}: loadState expects what saveState() returned`);
      }
      const loaded = new Map<string, tf.Tensor>();
      for (const [name, value] of Object.entries(s.momentum)) {
        loaded.set(name, tensorFromJson(value, `${where}: loadState momentum ${name}`));
      }
      if (s.fallback !== null && s.fallback !== undefined) fallback.loadState?.(s.fallback);
      for (const m of buffers.values()) m.dispose();
      buffers.clear();
      for (const [name, m] of loaded) buffers.set(name, m);
    },
    dispose() {
      for (const m of buffers.values()) m.dispose();
      buffers.clear();
      fallback.dispose();
    },
  };
}
