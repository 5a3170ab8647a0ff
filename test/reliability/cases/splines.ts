import * as tf from "@tensorflow/tfjs";
import * as g from "../../../lib";
import type { Architecture } from "../../../lib/core/architecture";
import type { SweepCase } from "../sweep";

const u = <T>(v: unknown) => v as T;

/** Cases of the ordered bases (hinge, bspline, randomRelu), their measures, and notebook 03's experiments. */
export function splineCases(): SweepCase[] {
  const cases: SweepCase[] = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });
  const layer = (spec: object): Architecture => ({
    inDim: 2,
    layers: [u(spec), { kind: "dense", units: 1 }],
  });
  const specs: [string, string, object][] = [
    ["hinge knots unsorted", "knots", { kind: "hinge", knots: [0, 1, 0.5] }],
    ["hinge knots duplicate", "knots", { kind: "hinge", knots: [0, 1, 1] }],
    ["hinge knots NaN", "knots", { kind: "hinge", knots: [0, NaN] }],
    ["hinge knots = 0", "knots", { kind: "hinge", knots: 0 }],
    ["hinge knots for 3 inputs", "knots", { kind: "hinge", knots: [[0], [1], [2]] }],
    ['hinge signs = "up"', "signs", { kind: "hinge", knots: 3, signs: "up" }],
    ["hinge range = [1, 0]", "range", { kind: "hinge", knots: 3, range: [1, 0] }],
    ["bspline degree = -1", "degree", { kind: "bspline", degree: -1 }],
    ["bspline grid too short", "grid", { kind: "bspline", grid: [0, 1, 2], degree: 3, extend: false }],
    ["bspline grid unsorted", "grid", { kind: "bspline", grid: [0, 2, 1] }],
    ["bspline grid Infinity", "grid", { kind: "bspline", grid: [0, Infinity] }],
    ['bspline outside = "wrap"', "outside", { kind: "bspline", outside: "wrap" }],
    ["misspelled bspline degre", "degre", { kind: "bspline", degre: 2 }],
    ["randomRelu units = 0", "units", { kind: "randomRelu", units: 0 }],
  ];
  for (const [bad, names, spec] of specs) add("layersOf", bad, names, () => g.layersOf(layer(spec)));
  add("quantileKnots", "X holds NaN", "X", () => g.quantileKnots([0, NaN, 1], 1, 3));
  add("quantileKnots", "count = 1", "count", () => g.quantileKnots([0, 1], 1, 1));
  add("quantileKnots", "a constant input", "input 0", () => g.quantileKnots([2, 2, 2], 1, 3));
  add("kendallTau", "lengths differ", "sequences", () => g.kendallTau([1, 2], [1]));
  add("kendallTau", "a constant sequence", "constant", () => g.kendallTau([1, 1], [1, 2]));
  add("kendallTau", "NaN", "a[1]", () => g.kendallTau([1, NaN], [1, 2]));
  const arch = g.mlp([1, 4, 1], { activation: "tanh" });
  add("orderByKnots", "tanh units", "ReLU gauge group", () => {
    const params = g.initParams(arch, { seed: 0 });
    try {
      return g.orderByKnots(arch, params, 0);
    } finally {
      g.disposeParams(params);
    }
  });
  add("deadUnitFraction", 'layer "nope"', "nope", () => {
    const params = g.initParams(arch, { seed: 0 });
    const X = tf.zeros([2, 1]) as tf.Tensor2D;
    try {
      return g.deadUnitFraction(arch, params, "nope", X);
    } finally {
      g.disposeParams(params);
      X.dispose();
    }
  });
  add("sampleTarget", 'target "sine"', "target", () =>
    g.sampleTarget(u({ target: "sine", n: 4, numTest: 4, seed: 0 })),
  );
  add("sampleTarget", "n = 0", "n", () => g.sampleTarget({ target: "sin2pi", n: 0, numTest: 4, seed: 0 }));
  add("pca", "numComponents = 0", "numComponents", () =>
    g.pca(g.regressionDataset("r", new Float32Array(4), new Float32Array(2), 2, 1), 0),
  );
  const bridge = g.DEFAULT_CONVEX_BRIDGE;
  add("CONVEX_BRIDGE", "lambda = 0", "lambda", () =>
    g.CONVEX_BRIDGE.check({ config: { ...bridge, lambda: 0 }, seed: 0 }),
  );
  add("BASIS_REGRESSION", 'arm "kan"', "arm", () =>
    g.BASIS_REGRESSION.check({ config: { ...g.DEFAULT_BASIS_REGRESSION, arms: u(["kan"]) }, seed: 0 }),
  );
  add("KAN_TOY", "stepsPerStage = 0", "stepsPerStage", () =>
    g.KAN_TOY.check({ config: { ...g.DEFAULT_KAN_TOY, stepsPerStage: 0 }, seed: 0 }),
  );
  add("train", "l2 coefficient = -1", "coefficient", () =>
    g.resolveL2(arch, { coefficient: -1 }, "train: l2"),
  );
  return cases;
}
