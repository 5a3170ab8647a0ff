import * as tf from "@tensorflow/tfjs";
import type { Json } from "../core/json";
import type { Params } from "../core/params";
import { type Optimizer, type OptimizerConfig, type OptimizerKind, checkLr, checkRange } from "./optimizer";
import { fusedAdamStep, prepareFusedAdam } from "./fused-adam";
import { tensorFromJson, tensorToJson } from "./tensor-state";

/** Adam (Kingma & Ba) with bias correction; defaults β1 = 0.9, β2 = 0.999, ε = 1e-8. */
export interface AdamConfig extends OptimizerConfig {
  readonly kind: "adam";
  readonly lr: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (see {@link AdamConfig}): `m ← β1 m + (1−β1) g`, `v ← β2 v + (1−β2) g²`,
 * `W ← W − lr · m̂ / (√v̂ + ε)` with `m̂ = m / (1−β1ᵗ)`, `v̂ = v / (1−β2ᵗ)`. A weight whose gradient is always 0
 * (a pruned one) keeps m = v = 0 and so never moves. `create` throws when lr ≤ 0, a β ∉ [0, 1) or ε ≤ 0.
 * On the wasm backend the step runs as one fused pass per tensor (`fused-adam.ts`), with the same numbers.
 */
export const adam: OptimizerKind<AdamConfig> = {
  kind: "adam",
  options: { lr: "number", beta1: "number?", beta2: "number?", epsilon: "number?" },
  create: (config) => createAdam(config),
};

function createAdam(config: AdamConfig): Optimizer {
  const { lr, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = config;
  checkLr(lr, "adam");
  checkRange(beta1, 0, 1, "adam: beta1");
  checkRange(beta2, 0, 1, "adam: beta2");
  if (!(epsilon > 0)) throw new Error(`adam: epsilon must be > 0; got ${epsilon}`);
  const moments = new Map<string, { m: tf.Tensor; v: tf.Tensor; t: number }>();
  if (tf.getBackend() === "wasm") void prepareFusedAdam();
  return {
    name: `adam(lr=${lr}, beta1=${beta1}, beta2=${beta2})`,
    step(params: Params, grads: Params): Record<string, tf.Tensor> {
      const out: Record<string, tf.Tensor> = {};
      const next = new Map<string, { m: tf.Tensor; v: tf.Tensor; t: number }>();
      tf.tidy(() => {
        for (const [name, g] of Object.entries(grads)) {
          const prev = moments.get(name);
          const t = (prev?.t ?? 0) + 1;
          const fused = fusedAdamStep(params[name], g, prev, { beta1, beta2, epsilon, lr, t });
          if (fused) {
            const [p, m, v] = fused;
            out[name] = tf.keep(p);
            next.set(name, { m: tf.keep(m), v: tf.keep(v), t });
            continue;
          }
          const m = prev ? tf.add(tf.mul(prev.m, beta1), tf.mul(g, 1 - beta1)) : tf.mul(g, 1 - beta1);
          const v = prev
            ? tf.add(tf.mul(prev.v, beta2), tf.mul(tf.square(g), 1 - beta2))
            : tf.mul(tf.square(g), 1 - beta2);
          const mHat = tf.div(m, 1 - beta1 ** t);
          const denom = tf.add(tf.sqrt(tf.div(v, 1 - beta2 ** t)), epsilon);
          out[name] = tf.keep(tf.sub(params[name], tf.mul(tf.div(mHat, denom), lr)));
          next.set(name, { m: tf.keep(m), v: tf.keep(v), t });
        }
      });
      for (const [name, state] of next) {
        const old = moments.get(name);
        if (old) tf.dispose([old.m, old.v]);
        moments.set(name, state);
      }
      return out;
    },
    saveState(): Json {
      const state: Record<string, Json> = {};
      for (const [name, { m, v, t }] of moments) state[name] = { m: tensorToJson(m), v: tensorToJson(v), t };
      return state;
    },
    loadState(state: Json): void {
      if (typeof state !== "object" || state === null || Array.isArray(state)) {
        throw new Error("adam: loadState expects what saveState() returned");
      }
      const loaded = new Map<string, { m: tf.Tensor; v: tf.Tensor; t: number }>();
      for (const [name, entry] of Object.entries(state as Record<string, Json>)) {
        const e = entry as { m?: Json; v?: Json; t?: Json } | null;
        if (typeof e?.t !== "number") throw new Error(`adam: loadState: ${name} has no step count t`);
        loaded.set(name, {
          m: tensorFromJson(e.m, `adam: loadState ${name}.m`),
          v: tensorFromJson(e.v, `adam: loadState ${name}.v`),
          t: e.t,
        });
      }
      for (const { m, v } of moments.values()) tf.dispose([m, v]);
      moments.clear();
      for (const [name, s] of loaded) moments.set(name, s);
    },
    dispose() {
      for (const { m, v } of moments.values()) tf.dispose([m, v]);
      moments.clear();
    },
  };
}
