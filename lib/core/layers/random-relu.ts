import * as tf from "@tensorflow/tfjs";
import type { LayerKind, LayerSpec } from "../layer-kind";
import { deriveSeed, normalArray, uniformArray } from "../rng";
import { dense, type DenseSpec } from "./dense";
import { checkRange } from "./knots";

/**
 * Random ReLU features (Rahimi & Recht 2007): `relu(w_j · (x − c_j))`, the hyperplane of a Gaussian direction
 * `w_j ~ N(0, I / inDim)` through a point `c_j` drawn uniformly from the box `range^inDim`, so in 1-D the
 * knots `c_j` fall inside the data's range with random signs and slopes. A dense ReLU layer with a seeded,
 * unordered init: the control for an ordered basis of the same width. Frozen by default.
 */
export interface RandomReluSpec extends LayerSpec {
  readonly kind: "randomRelu";
  readonly units: number;
  /** The box the hyperplanes pass through (default [−1, 1]). */
  readonly range?: readonly [number, number];
}

const asDense = (spec: RandomReluSpec): DenseSpec => ({
  kind: "dense",
  units: spec.units,
  activation: "relu",
});

/** The random-feature kind (see {@link RandomReluSpec}). */
export const randomRelu: LayerKind<RandomReluSpec> = {
  kind: "randomRelu",
  options: { units: "number", range: "array?" },
  check(spec, inDim, where) {
    dense.check(asDense(spec), inDim, where);
    checkRange(spec.range ?? [-1, 1], where);
  },
  outDim: (spec) => spec.units,
  paramShapes: (spec, inDim) => dense.paramShapes(asDense(spec), inDim),
  prunable: ["kernel"],
  frozenByDefault: true,
  init(spec, inDim, options) {
    const [lo, hi] = spec.range ?? [-1, 1];
    const w = normalArray(inDim * spec.units, deriveSeed(options.seed, "w"), 0, 1 / Math.sqrt(inDim));
    const c = uniformArray(inDim * spec.units, deriveSeed(options.seed, "c"), lo, hi);
    const bias = new Float32Array(spec.units);
    for (let i = 0; i < inDim; i++) {
      for (let j = 0; j < spec.units; j++) bias[j] -= w[i * spec.units + j] * c[i * spec.units + j];
    }
    return { kernel: tf.tensor2d(w, [inDim, spec.units]), bias: tf.tensor1d(bias) };
  },
  forward: (spec, p, h) => dense.forward(asDense(spec), p, h),
  forwardTape: (spec, p, h) => dense.forwardTape!(asDense(spec), p, h),
  backward: (spec, p, tape, dOut, wants) => dense.backward!(asDense(spec), p, tape, dOut, wants),
  outputUnits: dense.outputUnits,
  inputUnits: dense.inputUnits,
  rescaleDegree: () => 1,
};
