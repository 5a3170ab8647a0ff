import * as tf from "@tensorflow/tfjs";
import { initKernelArray } from "../init-kernel";
import type { LayerKind, LayerSpec } from "../layer-kind";
import { deriveSeed, normalArray } from "../rng";

/**
 * One transformer block over a sequence of tokens packed in a row: the input `[batch, tokens · f]` is read as
 * `tokens` tokens of `f = inDim / tokens` features (MNIST rows: 28 tokens × 28 pixels). The tokens are
 * embedded (`embed [f, dModel]` plus a learned position `pos [tokens, dModel]`), then one single-head
 * self-attention and one ReLU MLP, each pre-normalised by a parameter-free RMS norm and added back:
 * `x ← x + softmax(q kᵀ/√dModel) v · wo`, `x ← x + relu(x̂ w1 + b1) w2 + b2`. The output is the tokens
 * again, flattened: `[batch, tokens · dModel]`, so a second block can stack on it and a dense head reads it.
 * It has no hand-written backward pass: the training loop differentiates it with `tf.grads` of its forward
 * pass (tested against finite differences).
 */
export interface AttentionSpec extends LayerSpec {
  readonly kind: "attention";
  /** The sequence length; it must divide the input width. */
  readonly tokens: number;
  /** Width of each token's embedding. */
  readonly dModel: number;
  /** Hidden width of the block's MLP (default 2·dModel). */
  readonly mlpUnits?: number;
}

const MATRICES = ["embed", "wq", "wk", "wv", "wo", "w1", "w2"] as const;

function positiveInt(value: unknown, what: string, where: string): void {
  if (!(Number.isInteger(value) && (value as number) > 0)) {
    throw new Error(`${where}: ${what} must be a positive integer; got ${String(value)}`);
  }
}

const mlpUnits = (spec: AttentionSpec) => spec.mlpUnits ?? 2 * spec.dModel;

/** x / sqrt(mean(x²) + 1e-6) over the last axis. */
const rmsNorm = (x: tf.Tensor2D) => tf.div(x, tf.sqrt(tf.add(tf.mean(tf.square(x), -1, true), 1e-6)));

/** The attention block kind (see {@link AttentionSpec}). */
export const attention: LayerKind<AttentionSpec> = {
  kind: "attention",
  options: { tokens: "number", dModel: "number", mlpUnits: "number?" },
  check(spec, inDim, where) {
    positiveInt(spec.tokens, "tokens", where);
    positiveInt(spec.dModel, "dModel", where);
    positiveInt(mlpUnits(spec), "mlpUnits", where);
    if (inDim % spec.tokens !== 0) {
      throw new Error(`${where}: tokens (${spec.tokens}) must divide the input width ${inDim}`);
    }
  },
  outDim: (spec) => spec.tokens * spec.dModel,
  paramShapes(spec, inDim) {
    const [f, d, m] = [inDim / spec.tokens, spec.dModel, mlpUnits(spec)];
    return {
      embed: [f, d],
      pos: [spec.tokens, d],
      wq: [d, d],
      wk: [d, d],
      wv: [d, d],
      wo: [d, d],
      w1: [d, m],
      b1: [m],
      w2: [m, d],
      b2: [d],
    };
  },
  prunable: MATRICES,
  init(spec, inDim, options) {
    const shapes = attention.paramShapes(spec, inDim);
    const out: Record<string, tf.Tensor> = {};
    for (const name of MATRICES) {
      const [rows, cols] = shapes[name];
      out[name] = tf.tensor2d(initKernelArray(options.init, rows, cols, deriveSeed(options.seed, name)), [
        rows,
        cols,
      ]);
    }
    out.pos = tf.tensor2d(normalArray(spec.tokens * spec.dModel, deriveSeed(options.seed, "pos"), 0, 0.1), [
      spec.tokens,
      spec.dModel,
    ]);
    out.b1 = tf.fill([mlpUnits(spec)], options.biasValue);
    out.b2 = tf.fill([spec.dModel], options.biasValue);
    return out;
  },
  forward(spec, p, h) {
    return tf.tidy(() => {
      const [batch, T, d] = [h.shape[0], spec.tokens, spec.dModel];
      const tokens = tf.reshape(h, [batch * T, h.shape[1] / T]) as tf.Tensor2D;
      const embedded = tf.reshape(tf.matMul(tokens, p.embed as tf.Tensor2D), [batch, T, d]);
      let x = tf.reshape(tf.add(embedded, p.pos), [batch * T, d]) as tf.Tensor2D;
      const xn = rmsNorm(x);
      const proj = (w: string) =>
        tf.reshape(tf.matMul(xn, p[w] as tf.Tensor2D), [batch, T, d]) as tf.Tensor3D;
      const scores = tf.div(tf.matMul(proj("wq"), tf.transpose(proj("wk"), [0, 2, 1])), Math.sqrt(d));
      const mixed = tf.reshape(tf.matMul(tf.softmax(scores), proj("wv")), [batch * T, d]) as tf.Tensor2D;
      x = tf.add(x, tf.matMul(mixed, p.wo as tf.Tensor2D));
      const hidden = tf.relu(tf.add(tf.matMul(rmsNorm(x), p.w1 as tf.Tensor2D), p.b1)) as tf.Tensor2D;
      x = tf.add(x, tf.add(tf.matMul(hidden, p.w2 as tf.Tensor2D), p.b2));
      return tf.reshape(x, [batch, T * d]) as tf.Tensor2D;
    });
  },
  rescaleDegree: () => null,
};
