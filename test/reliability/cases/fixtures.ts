import * as tf from "@tensorflow/tfjs";
import { type Architecture, mlp } from "../../../lib/core/architecture";
import { initParams } from "../../../lib/core/init";
import { disposeParams, type Params } from "../../../lib/core/params";
import { classificationDataset, type Dataset } from "../../../lib/data/dataset";
import { Mask } from "../../../lib/train/mask";

/** The inputs the sweep's cases share: a [2, 4, 3] ReLU net, a second one, poisoned copies, a batch, a mask. */
export interface Fixtures {
  readonly arch: Architecture;
  readonly params: Params;
  readonly other: Params;
  /** `params` with a NaN in dense0/kernel, an Inf in dense1/bias, and a -Inf in dense1/kernel. */
  readonly nan: Params;
  readonly inf: Params;
  readonly negInf: Params;
  /** Params of another architecture ([2, 5, 3]). */
  readonly misfit: Params;
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly Xnan: tf.Tensor2D;
  readonly Xwide: tf.Tensor2D;
  readonly ds: Dataset;
  readonly mask: Mask;
  dispose(): void;
}

/** `params` with `params[name][index] = value` (a fresh tensor for that param; the others shared). */
function poison(params: Params, name: string, value: number): Params {
  const values = params[name].dataSync().slice();
  values[1] = value;
  return { ...params, [name]: tf.tensor(values, params[name].shape) };
}

/** Builds the fixtures; call `dispose()` when the sweep ends. */
export function makeFixtures(): Fixtures {
  const arch = mlp([2, 4, 3]);
  const params = initParams(arch, { seed: 0 });
  const other = initParams(arch, { seed: 1 });
  const nan = poison(params, "dense0/kernel", NaN);
  const inf = poison(params, "dense1/bias", Infinity);
  const negInf = poison(params, "dense1/kernel", -Infinity);
  const misfit = initParams(mlp([2, 5, 3]), { seed: 0 });
  const X = tf.tensor2d([0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1.0], [5, 2]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1], "int32"), 3).toFloat() as tf.Tensor2D;
  const Xnan = tf.tensor2d([0.1, NaN, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1.0], [5, 2]);
  const Xwide = tf.zeros([5, 3]) as tf.Tensor2D;
  const ds = classificationDataset("tiny", new Float32Array(X.dataSync()), [0, 1, 2, 0, 1], 2, 3);
  const mask = Mask.ones(params, ["dense0/kernel", "dense1/kernel"]);
  return {
    arch,
    params,
    other,
    nan,
    inf,
    negInf,
    misfit,
    X,
    y,
    Xnan,
    Xwide,
    ds,
    mask,
    dispose() {
      for (const [p, name] of [
        [nan, "dense0/kernel"],
        [inf, "dense1/bias"],
        [negInf, "dense1/kernel"],
      ] as const) {
        p[name].dispose();
      }
      disposeParams(params);
      disposeParams(other);
      disposeParams(misfit);
      tf.dispose([X, y, Xnan, Xwide]);
      mask.dispose();
    },
  };
}
