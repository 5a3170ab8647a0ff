import * as tf from "@tensorflow/tfjs";
import type { Params } from "../core/params";
import { type MomentumConfig, type Optimizer, type SgdConfig, checkLr, checkRange } from "./optimizer";

/** Plain SGD (see {@link SgdConfig}); stateless. @throws when lr ≤ 0 or weightDecay < 0. */
export function sgd(config: Omit<SgdConfig, "kind">): Optimizer {
  const { lr, weightDecay = 0 } = config;
  checkLr(lr, "sgd");
  checkRange(weightDecay, 0, Infinity, "sgd: weightDecay");
  return {
    name: `sgd(lr=${lr}${weightDecay ? `, weightDecay=${weightDecay}` : ""})`,
    step(params: Params, grads: Params): Record<string, tf.Tensor> {
      return tf.tidy(() => {
        const out: Record<string, tf.Tensor> = {};
        for (const [name, g] of Object.entries(grads)) {
          const p = params[name];
          const d = weightDecay ? tf.add(g, tf.mul(p, weightDecay)) : g;
          out[name] = tf.sub(p, tf.mul(d, lr));
        }
        return out;
      });
    },
    dispose() {},
  };
}

/** SGD with (Nesterov) momentum (see {@link MomentumConfig}). @throws when lr ≤ 0 or μ ∉ [0, 1). */
export function momentum(config: Omit<MomentumConfig, "kind">): Optimizer {
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
}
