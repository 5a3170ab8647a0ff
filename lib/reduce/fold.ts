import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { checkOptions, describeValue } from "../core/check-options";
import { layerOutputs } from "../core/forward";
import { disposeParams, type Params } from "../core/params";
import { clusterBySimilarity } from "./cluster";
import { type HiddenLayer, hiddenLayer, incomingWithBias, mapUnits, norm } from "./hidden-layer";
import type { Reduced } from "./prune-units";

/** Options of {@link foldUnits}. */
export interface FoldOptions {
  /** The target width, in [1, source width]. */
  readonly width: number;
  /** The hidden layer's index (default 0). */
  readonly layer?: number;
  /**
   * Inputs `[n, inDim]` for the variance repair (not disposed); without them the folded network is returned
   * unrepaired.
   */
  readonly X?: tf.Tensor2D;
}

/**
 * Width reduction by folding similar units (ZipIt!, Stoica et al. 2023, within one network), then a variance
 * repair (REPAIR, Jordan et al. 2023):
 * 1. Each unit's incoming weights and bias are scaled to norm 1 and its outgoing weights by the inverse
 *    (‖w‖^p), which leaves the function unchanged (the rescaling gauge).
 * 2. Units are merged greedily, the most similar pair of clusters first (cosine of the mean unit-normalised
 *    rows), until `width` remain. A merged unit's incoming weights and bias are its members' average; its
 *    outgoing weights their sum. Two units with the same direction therefore fold without changing the function.
 * 3. With `X`: each merged unit's pre-activation is scaled and shifted so that its mean and std on `X` equal the
 *    average of its members' (normalised) pre-activation means and stds. Merging shrinks the variance of
 *    averaged directions; this puts it back.
 *
 * @returns the reduced network and each new unit's source units; the caller owns the params.
 * @throws on a target width above the source width or below 1, an unknown option, `X` not `[n, inDim]`, or as
 *   `neuronImportance` for the layer.
 */
export function foldUnits(arch: Architecture, params: Params, options: FoldOptions): Reduced {
  checkOptions(options, { width: "number", layer: "number?", X: "tensor?" }, "foldUnits");
  const layer = options.layer ?? 0;
  const hidden = hiddenLayer(arch, params, layer, "foldUnits", options.width);
  const { X } = options;
  if (X !== undefined && (X.rank !== 2 || X.shape[1] !== arch.inDim || X.shape[0] < 2)) {
    throw new Error(
      `foldUnits: X must be [n ≥ 2, ${arch.inDim}] inputs for the repair; got ${describeValue(X)} [${X.shape}]`,
    );
  }
  const rows = incomingWithBias(params, hidden.group);
  const scale = rows.map((r) => (norm(r) > 0 ? 1 / norm(r) : 1));
  const unit = rows.map((r, i) => r.map((v) => v * scale[i]));
  const clusters = clusterBySimilarity(unit, options.width);
  const Min = rows.map((_, i) => clusters.map((c) => (c.includes(i) ? scale[i] / c.length : 0)));
  const Mout = rows.map((_, i) => clusters.map((c) => (c.includes(i) ? scale[i] ** -hidden.degree : 0)));
  const folded = mapUnits(arch, params, hidden, Min, Mout);
  if (!X) return { ...folded, sources: clusters };
  try {
    return { ...repair(arch, params, folded, hidden, clusters, scale, X), sources: clusters };
  } finally {
    disposeParams(folded.params);
  }
}

/** Per-column mean and std of `[n, k]` pre-activations of `layer`'s units, on the host. */
function moments(
  arch: Architecture,
  params: Params,
  hidden: HiddenLayer,
  X: tf.Tensor2D,
): [number[], number[]] {
  const [kernel] = hidden.group.incoming[0];
  const bias = hidden.group.bias?.[0];
  return tf.tidy(() => {
    const h = hidden.layer === 0 ? X : layerOutputs(arch, params, X)[hidden.layer - 1];
    const lin = tf.matMul(h, params[kernel] as tf.Tensor2D);
    const z = bias ? tf.add(lin, params[bias]) : lin;
    const { mean, variance } = tf.moments(z, 0);
    return [Array.from(mean.dataSync()), Array.from(tf.sqrt(variance).dataSync())];
  });
}

/** The folded network with each merged unit's pre-activation moments set to its members' average (REPAIR). */
function repair(
  arch: Architecture,
  params: Params,
  folded: { arch: Architecture; params: Params },
  hidden: HiddenLayer,
  clusters: readonly (readonly number[])[],
  scale: readonly number[],
  X: tf.Tensor2D,
): { arch: Architecture; params: Params } {
  const [mu, sigma] = moments(arch, params, hidden, X);
  const [muM, sigmaM] = moments(folded.arch, folded.params, hidden, X);
  const s = clusters.map((c, m) => {
    const target = c.reduce((acc, i) => acc + sigma[i] * scale[i], 0) / c.length;
    return sigmaM[m] > 1e-12 ? target / sigmaM[m] : 1;
  });
  const shift = clusters.map(
    (c, m) => c.reduce((acc, i) => acc + mu[i] * scale[i], 0) / c.length - s[m] * muM[m],
  );
  const [kernel] = hidden.group.incoming[0];
  const bias = hidden.group.bias?.[0];
  const out: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(folded.params)) {
    if (name === kernel) out[name] = tf.tidy(() => tf.mul(t, tf.tensor1d(s)));
    else if (name === bias) out[name] = tf.tidy(() => tf.add(tf.mul(t, tf.tensor1d(s)), tf.tensor1d(shift)));
    else out[name] = t.clone();
  }
  return { arch: folded.arch, params: out };
}
