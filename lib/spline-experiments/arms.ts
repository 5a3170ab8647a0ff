import type { LayerSpec } from "../core/layer-kind";
import type { Dataset } from "../data/dataset";
import { quantileKnots } from "../splines/knot-placement";

/**
 * The first layers compared in notebook 03, each of the same width:
 * - `hinges`: frozen ordered hinges `relu(x_j − t)` with knots at the data's quantiles;
 * - `bsplines`: frozen cubic B-splines on a grid at the data's quantiles;
 * - `randomRelu`: frozen random ReLU features (hyperplanes through random points of the data's box);
 * - `mlp`: the `randomRelu` layer, trained: a dense ReLU layer whose init spreads its hyperplanes over the
 *   data (the usual zero-bias init would put every knot of a 1-D layer at 0); it differs from `randomRelu`
 *   only in that its first layer trains;
 * - `orderedInit`: the `hinges` layer, trained (an ordered init).
 */
export type BasisArm = "hinges" | "bsplines" | "randomRelu" | "mlp" | "orderedInit";

/** Every {@link BasisArm}, in the order figures list them. */
export const BASIS_ARMS: readonly BasisArm[] = ["hinges", "bsplines", "randomRelu", "mlp", "orderedInit"];

/** How figures and tables name each arm. */
export const ARM_LABELS: Readonly<Record<BasisArm, string>> = {
  hinges: "frozen ordered hinges",
  bsplines: "frozen cubic B-splines",
  randomRelu: "frozen random ReLU",
  mlp: "trained MLP",
  orderedInit: "ordered init, trained",
};

/** Checks `arms` are known {@link BasisArm}s. @throws naming the first unknown one. */
export function checkArms(arms: readonly string[], where: string): void {
  if (!Array.isArray(arms) || arms.length === 0) throw new Error(`${where}: arms must be a non-empty array`);
  for (const arm of arms) {
    if (!BASIS_ARMS.includes(arm as BasisArm)) {
      throw new Error(`${where}: unknown arm ${JSON.stringify(arm)}; the arms are ${BASIS_ARMS.join(", ")}`);
    }
  }
}

/** The smallest and largest value over every coordinate of `ds`'s inputs. */
function inputRange(ds: Dataset): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of ds.X) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return [lo, hi];
}

/**
 * The first layer of `arm` for inputs like `train`'s: `unitsPerInput` units per input coordinate for the
 * per-coordinate bases (hinges: knots at the quantile levels 0, 1/K, …, (K−1)/K, so none sits at the maximum
 * where it would never fire; B-splines: K − 3 cubic intervals at the quantiles, clamped outside), and `width`
 * units (default `inDim · unitsPerInput`) for the others. Plain JSON, data-dependent only through the knots.
 */
export function armLayer(
  arm: BasisArm,
  train: Dataset,
  unitsPerInput: number,
  width = train.inDim * unitsPerInput,
): LayerSpec {
  switch (arm) {
    case "hinges":
    case "orderedInit": {
      const knots = quantileKnots(train.X, train.inDim, unitsPerInput + 1).map((row) => row.slice(0, -1));
      return { kind: "hinge", knots, ...(arm === "orderedInit" ? { frozen: false } : {}) };
    }
    case "bsplines":
      if (unitsPerInput < 4)
        throw new Error(`armLayer: cubic B-splines need ≥ 4 units per input; got ${unitsPerInput}`);
      return {
        kind: "bspline",
        grid: quantileKnots(train.X, train.inDim, unitsPerInput - 2),
        degree: 3,
        outside: "clamp",
      };
    case "randomRelu":
    case "mlp":
      return {
        kind: "randomRelu",
        units: width,
        range: inputRange(train),
        ...(arm === "mlp" ? { frozen: false } : {}),
      };
  }
}
