import * as tf from "@tensorflow/tfjs";
import type { LayerKind, LayerSpec } from "../layer-kind";
import { dense, type DenseSpec } from "./dense";
import { checkRange, type KnotsOption, knotRows } from "./knots";

/**
 * An ordered hinge basis: for each input coordinate x_j and each of its sorted knots t_jk, the unit
 * `relu(s · (x_j − t_jk))`, s = +1 (and also s = −1 with `signs: "both"`). Units are ordered by input, then
 * sign, then knot. With an intercept, the hinges of one input span exactly the linear splines with those knots
 * on `[t_j0, ∞)`. It is a dense ReLU layer with structured weights (`kernel [inDim, units]` holds s at row j
 * of each of input j's units, `bias = −s·t`), so it runs at dense-matmul speed.
 *
 * Frozen by default; `frozen: false` trains it as a dense layer started from this ordered init. To apply it to
 * chosen projections, put a frozen linear dense layer (the projection) below it.
 */
export interface HingeSpec extends LayerSpec {
  readonly kind: "hinge";
  /** A count (evenly spaced over `range`: lo, lo + h, …, hi − h), a sorted list, or a sorted list per input. */
  readonly knots: KnotsOption;
  /** Where a count of knots is spread (default [−1, 1]). */
  readonly range?: readonly [number, number];
  /** `"positive"` (default): relu(x − t); `"both"`: also relu(t − x), as the convex 1-D program needs. */
  readonly signs?: "positive" | "both";
}

const signsOf = (spec: HingeSpec): number[] => ((spec.signs ?? "positive") === "both" ? [1, -1] : [1]);

/** The knots of each input (checked), a count spread as `lo + k·(hi − lo)/K`, k = 0…K−1. */
export function hingeKnots(spec: HingeSpec, inDim: number, where = "hinge"): number[][] {
  const [lo, hi] = checkRange(spec.range ?? [-1, 1], where);
  const fromCount = (K: number) => Array.from({ length: K }, (_, k) => lo + ((hi - lo) * k) / K);
  return knotRows(spec.knots, inDim, fromCount, where);
}

const asDense = (spec: HingeSpec, inDim: number): DenseSpec => ({
  kind: "dense",
  units: hinge.outDim(spec, inDim),
  activation: "relu",
});

/** The hinge kind (see {@link HingeSpec}): dense's forward and backward on ordered, structured weights. */
export const hinge: LayerKind<HingeSpec> = {
  kind: "hinge",
  options: { knots: "number|array", range: "array?", signs: "string?" },
  check(spec, inDim, where) {
    if (spec.signs !== undefined && spec.signs !== "positive" && spec.signs !== "both") {
      throw new Error(`${where}: signs must be "positive" or "both"; got ${JSON.stringify(spec.signs)}`);
    }
    hingeKnots(spec, inDim, where);
  },
  outDim: (spec, inDim) =>
    hingeKnots(spec, inDim).reduce((n, row) => n + row.length, 0) * signsOf(spec).length,
  paramShapes: (spec, inDim) => dense.paramShapes(asDense(spec, inDim), inDim),
  prunable: ["kernel"],
  frozenByDefault: true,
  init(spec, inDim) {
    const units = hinge.outDim(spec, inDim);
    const kernel = new Float32Array(inDim * units);
    const bias = new Float32Array(units);
    let unit = 0;
    hingeKnots(spec, inDim).forEach((row, j) => {
      for (const s of signsOf(spec)) {
        for (const t of row) {
          kernel[j * units + unit] = s;
          bias[unit++] = -s * t;
        }
      }
    });
    return { kernel: tf.tensor2d(kernel, [inDim, units]), bias: tf.tensor1d(bias) };
  },
  forward: (spec, p, h) => dense.forward(asDense(spec, h.shape[1]), p, h),
  forwardTape: (spec, p, h) => dense.forwardTape!(asDense(spec, h.shape[1]), p, h),
  backward: (spec, p, tape, dOut, wants) =>
    dense.backward!(asDense(spec, tape.input.shape[1]), p, tape, dOut, wants),
  outputUnits: dense.outputUnits,
  inputUnits: dense.inputUnits,
  rescaleDegree: () => 1,
};
