import * as tf from "@tensorflow/tfjs";
import type { Params } from "../core/params";
import { type OptimizerConfig, type OptimizerKind, checkLr, checkRange } from "./optimizer";

/** Heavy-ball momentum, PyTorch's convention: `v ← μ v + g`, `W ← W − lr v` (Nesterov: `W ← W − lr (g + μ v)`). */
export interface MomentumConfig extends OptimizerConfig {
  readonly kind: "momentum";
  readonly lr: number;
  /** μ (default 0.9). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** SGD with (Nesterov) momentum (see {@link MomentumConfig}). `create` throws when lr ≤ 0 or μ ∉ [0, 1). */
export const momentum: OptimizerKind<MomentumConfig> = {
  kind: "momentum",
  options: { lr: "number", momentum: "number?", nesterov: "boolean?", weightDecay: "number?" },
  create(config) {
    const { lr, momentum: mu = 0.9, nesterov = false, weightDecay = 0 } = config;
    checkLr(lr, "momentum");
    checkRange(mu, 0, 1, "momentum: momentum");
    checkRange(weightDecay, 0, Infinity, "momentum: weightDecay");
    const velocity = new Map<string, tf.Tensor>();
    return {
      name: `momentum(lr=${lr}, momentum=${mu}${nesterov ? ", nesterov" : ""})`,
      step(params: Params, grads: Params): Record<string, tf.Tensor> {
        const out: Record<string, tf.Tensor> = {};
        const next = new Map<string, tf.Tensor>();
        tf.tidy(() => {
          for (const [name, g0] of Object.entries(grads)) {
            const p = params[name];
            const g = weightDecay ? tf.add(g0, tf.mul(p, weightDecay)) : g0;
            const prev = velocity.get(name);
            const v = prev ? tf.add(tf.mul(prev, mu), g) : g.clone();
            const update = nesterov ? tf.add(g, tf.mul(v, mu)) : v;
            out[name] = tf.keep(tf.sub(p, tf.mul(update, lr)));
            next.set(name, tf.keep(v));
          }
        });
        for (const [name, v] of next) {
          velocity.get(name)?.dispose();
          velocity.set(name, v);
        }
        return out;
      },
      dispose() {
        for (const v of velocity.values()) v.dispose();
        velocity.clear();
      },
    };
  },
};
