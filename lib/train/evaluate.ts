import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/dataset";
import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { forward } from "../core/forward";
import { type LossName, computeLoss } from "./loss";
import type { Params } from "../core/params";

/** Loss (and accuracy for classification) of a network on a dataset. */
export interface EvalResult {
  readonly loss: number;
  /** Fraction correct; present when the dataset has labels. */
  readonly accuracy?: number;
}

/**
 * Evaluates a model on all of `ds` in chunks of `batchSize` rows (default 2000), uploading each chunk once.
 *
 * @returns the mean loss over examples and, for classification, the accuracy. No tensors escape.
 * @throws on an unknown or mistyped option, or an empty dataset.
 */
export function evaluate(
  arch: Architecture,
  params: Params,
  ds: Dataset,
  options: { readonly loss: LossName; readonly batchSize?: number },
): EvalResult {
  checkOptions(options, { loss: "string", batchSize: "number?" }, "evaluate");
  if (ds.numExamples <= 0) throw new Error(`${ds.name}: the dataset is empty (0 examples)`);
  const chunk = options.batchSize ?? 2000;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < ds.numExamples; start += chunk) {
    const n = Math.min(chunk, ds.numExamples - start);
    const [lossT, predictedT] = tf.tidy(() => {
      const X = tf.tensor2d(ds.X.slice(start * ds.inDim, (start + n) * ds.inDim), [n, ds.inDim]);
      const y = tf.tensor2d(ds.y.slice(start * ds.outDim, (start + n) * ds.outDim), [n, ds.outDim]);
      const yHat = forward(arch, params, X);
      return [computeLoss(options.loss, yHat, y), tf.argMax(yHat, 1)];
    });
    const loss = lossT.dataSync()[0];
    const predicted = ds.labels ? predictedT.dataSync() : undefined;
    tf.dispose([lossT, predictedT]);
    lossSum += loss * n;
    if (predicted && ds.labels) {
      for (let i = 0; i < n; i++) if (predicted[i] === ds.labels[start + i]) correct++;
    }
  }
  const loss = lossSum / ds.numExamples;
  return ds.labels ? { loss, accuracy: correct / ds.numExamples } : { loss };
}
