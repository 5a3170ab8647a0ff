import * as tf from "@tensorflow/tfjs";
import type { Params } from "../core/params";
import { type OptimizerConfig, type OptimizerKind, checkLr, checkRange } from "./optimizer";

/** Plain SGD: `W ← W − lr (g + weightDecay · W)`. */
export interface SgdConfig extends OptimizerConfig {
  readonly kind: "sgd";
  readonly lr: number;
  readonly weightDecay?: number;
}

/** Plain SGD (see {@link SgdConfig}); stateless. `create` throws when lr ≤ 0 or weightDecay < 0. */
export const sgd: OptimizerKind<SgdConfig> = {
  kind: "sgd",
  options: { lr: "number", weightDecay: "number?" },
  create(config) {
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
  },
};
