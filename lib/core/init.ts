import * as tf from "@tensorflow/tfjs";
import { type Architecture, layersOf } from "./architecture";
import { checkOptions } from "./check-options";
import type { InitKind } from "./init-kernel";
import type { Params } from "./params";
import { deriveSeed } from "./rng";

/** Options for {@link initParams}. */
export interface InitOptions {
  /** Seed of the whole network; layer `name` uses `deriveSeed(seed, "init/<name>")`, e.g. `init/dense0`. */
  readonly seed: number;
  /** Kernel initialiser (default `"glorotNormal"`, as in Frankle & Carbin's LeNet). */
  readonly init?: InitKind;
  /** Constant every bias starts at (default 0). */
  readonly biasValue?: number;
}

/**
 * Fresh params for `arch` from a seed, each layer from its kind's `init`: e.g. for `mlp([784, 300, 100, 10])`,
 * `dense{l}/kernel [sizes[l], sizes[l+1]]` drawn by `init` and `dense{l}/bias` set to `biasValue`.
 *
 * @returns params in storage order; the caller owns (disposes) them.
 * @throws on a bad architecture or options (an unknown key names the closest valid one).
 */
export function initParams(arch: Architecture, options: InitOptions): Params {
  checkOptions(options, { seed: "number", init: "string?", biasValue: "number?" }, "initParams");
  if (!Number.isInteger(options.seed))
    throw new Error(`initParams: seed must be an integer; got ${options.seed}`);
  const init = options.init ?? "glorotNormal";
  const biasValue = options.biasValue ?? 0;
  if (!Number.isFinite(biasValue))
    throw new Error(`initParams: biasValue must be a finite number; got ${biasValue}`);
  const params: Record<string, tf.Tensor> = {};
  try {
    for (const layer of layersOf(arch)) {
      const seed = deriveSeed(options.seed, `init/${layer.name}`);
      const made = layer.kind.init(layer.spec, layer.inDim, { seed, init, biasValue });
      for (const [suffix, name] of Object.entries(layer.paramNames)) params[name] = made[suffix];
    }
  } catch (err) {
    tf.dispose(Object.values(params));
    throw err;
  }
  return params;
}
