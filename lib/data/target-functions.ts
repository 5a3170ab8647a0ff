import { checkOptions } from "../core/check-options";
import { didYouMean } from "../core/closest";
import { deriveSeed, Rng } from "../core/rng";
import { type Dataset, regressionDataset } from "./dataset";
import { checkSeedNoise } from "./synthetic-2d";

/** A target function on a box, by name, so that configs naming it stay hashable JSON. */
export interface TargetFunction {
  readonly inDim: number;
  /** The box the inputs are drawn from, `[lo, hi]` in every coordinate. */
  readonly range: readonly [number, number];
  readonly f: (x: ArrayLike<number>) => number;
  /** How the notebooks write it. */
  readonly formula: string;
}

/** The named targets: a 1-D sine, and the KAN paper's Example 1, `exp(sin πx + y²)` (Liu et al. 2024). */
export const TARGET_FUNCTIONS = {
  sin2pi: { inDim: 1, range: [0, 1], f: (x) => Math.sin(2 * Math.PI * x[0]), formula: "sin 2πx" },
  kanExp: {
    inDim: 2,
    range: [-1, 1],
    f: (x) => Math.exp(Math.sin(Math.PI * x[0]) + x[1] * x[1]),
    formula: "exp(sin πx + y²)",
  },
} as const satisfies Record<string, TargetFunction>;

/** A key of {@link TARGET_FUNCTIONS}. */
export type TargetName = keyof typeof TARGET_FUNCTIONS;

/** Samples of a named target as JSON config: `n` uniform training inputs, `numTest` test inputs, noise. */
export interface TargetSpec {
  readonly target: TargetName;
  /** Training examples, uniform on the box. */
  readonly n: number;
  /** Test examples, uniform on the box (noise-free). */
  readonly numTest: number;
  /** Standard deviation of Gaussian noise on the training targets (default 0). */
  readonly noise?: number;
  readonly seed: number;
}

/** The definition of a named target. @throws on an unknown name, naming the closest. */
export function targetFunction(name: string): TargetFunction {
  const known = Object.keys(TARGET_FUNCTIONS);
  if (!known.includes(name)) {
    throw new Error(`unknown target ${JSON.stringify(name)}${didYouMean(name, known) || ";"} known: ${known.join(", ")}`);
  }
  return TARGET_FUNCTIONS[name as TargetName];
}

function sample(fn: TargetFunction, n: number, rng: Rng, noise: number, name: string): Dataset {
  const X = new Float32Array(n * fn.inDim);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < fn.inDim; j++) X[i * fn.inDim + j] = rng.uniform(fn.range[0], fn.range[1]);
    y[i] = fn.f(X.subarray(i * fn.inDim, (i + 1) * fn.inDim)) + (noise ? rng.normal(0, noise) : 0);
  }
  return regressionDataset(name, X, y, fn.inDim, 1);
}

/**
 * Regression data from a named target: training inputs uniform on its box with noisy targets, test inputs
 * uniform on the box with exact targets. Both from `seed`.
 *
 * @returns `{ train, test }` host datasets (nothing to dispose).
 * @throws on an unknown target or option, counts that are not positive integers, or a bad seed or noise.
 */
export function sampleTarget(spec: TargetSpec): { train: Dataset; test: Dataset } {
  checkOptions(spec, { target: "string", n: "number", numTest: "number", noise: "number?", seed: "number" }, "sampleTarget");
  const fn = targetFunction(spec.target);
  const noise = spec.noise ?? 0;
  checkSeedNoise(spec.seed, noise, "sampleTarget");
  for (const key of ["n", "numTest"] as const) {
    if (!(Number.isInteger(spec[key]) && spec[key] > 0)) {
      throw new Error(`sampleTarget: ${key} must be a positive integer; got ${spec[key]}`);
    }
  }
  const name = `${spec.target}(n=${spec.n}, seed=${spec.seed})`;
  return {
    train: sample(fn, spec.n, new Rng(deriveSeed(spec.seed, "target/train")), noise, `${name}/train`),
    test: sample(fn, spec.numTest, new Rng(deriveSeed(spec.seed, "target/test")), 0, `${name}/test`),
  };
}
