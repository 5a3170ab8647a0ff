import { mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { Rng, deriveSeed } from "../core/rng";
import { regressionDataset } from "../data/dataset";
import type { Experiment } from "../experiment/experiment";
import { solveConvexRelu } from "../solvers/convex-relu";
import { solveGatedRelu } from "../solvers/gated-relu";
import { samplePatterns, withOnes } from "../solvers/patterns";
import { netPredict } from "../solvers/two-layer";
import { gdRun } from "./gd-run";

/** A planted two-layer ReLU teacher in d dimensions; the convex solvers and Adam fit it. */
export interface TeacherStudentConfig {
  readonly n: number;
  readonly d: number;
  readonly teacherWidth: number;
  readonly noise: number;
  readonly dataSeed: number;
  readonly lambda: number;
  /** Sampled gates for the convex programs (exact enumeration is out of reach for d > 2). */
  readonly numGates: number;
  readonly tolerance: number;
  readonly maxIterations: number;
  readonly width: number;
  readonly lr: number;
  readonly numSteps: number;
  readonly numCheckpoints: number;
  readonly seeds: readonly number[];
}

/** Full mode: Mishkin et al.'s n = 250, d = 50 scaled down to n = 60, d = 5; 10 Adam seeds at width 50. */
export const DEFAULT_TEACHER_STUDENT: TeacherStudentConfig = {
  n: 60,
  d: 5,
  teacherWidth: 4,
  noise: 0.05,
  dataSeed: 0,
  lambda: 0.01,
  numGates: 300,
  tolerance: 1e-3,
  maxIterations: 100000,
  width: 50,
  lr: 0.01,
  numSteps: 3000,
  numCheckpoints: 30,
  seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
};

/** A curve of the objective against work in multiply-adds. */
export interface WorkCurve {
  readonly multiplyAdds: number[];
  readonly objective: number[];
}

/** The result: the convex ReLU curve (and its bound over the sampled patterns), gated ReLU's end point, Adam. */
export interface TeacherStudentResult {
  readonly convex: WorkCurve & { lowerBound: number[]; converged: boolean; numPatterns: number };
  readonly gated: { multiplyAdds: number; objective: number };
  readonly adam: WorkCurve[];
}

/** The teacher's data: X ~ N(0, I) [n · d], y = teacher(X) + noise. */
export function teacherData(config: TeacherStudentConfig): { X: Float64Array; y: Float64Array } {
  const rng = new Rng(deriveSeed(config.dataSeed, "teacher"));
  const { n, d, teacherWidth: w } = config;
  const normal = (m: number, s = 1) => Float64Array.from({ length: m }, () => rng.normal(0, s));
  const teacher = { inDim: d, u: normal(w * d, 1 / Math.sqrt(d)), b: normal(w, 0.1), alpha: normal(w), c: 0 };
  const X = normal(n * d);
  const y = netPredict(teacher, X).map((v) => v + config.noise * rng.normal());
  return { X, y };
}

const SHAPE = Object.fromEntries(
  Object.entries(DEFAULT_TEACHER_STUDENT).map(([k, v]) => [k, Array.isArray(v) ? "array" : "number"]),
);

/**
 * Objective against work on a planted teacher: the convex ReLU program over sampled patterns (its curve per
 * working-set round), the gated-ReLU relaxation's end point, and full-batch Adam from each seed on the same
 * weight-decayed objective (hidden biases penalised, as in the convex program on [X, 1]). Adam's work is
 * counted as 3 · n · width · (d + 2) multiply-adds per step (forward and backward).
 */
export const TEACHER_STUDENT: Experiment<TeacherStudentConfig, TeacherStudentResult> = {
  name: "analytic-teacher-student",
  version: 1,
  check: (config) => checkOptions(config, SHAPE, "teacher-student config"),
  steps: (config) => config.seeds.length * config.numSteps + 1,
  async compute(config, progress, options) {
    const { X, y } = teacherData(config);
    const { n, d, lambda } = config;
    const patterns = samplePatterns(
      withOnes(X, d),
      d + 1,
      config.numGates,
      deriveSeed(config.dataSeed, "gates"),
    );
    const sink = progress.stage("convex ReLU", 1);
    const curve = { multiplyAdds: [] as number[], objective: [] as number[], lowerBound: [] as number[] };
    const fit = solveConvexRelu(
      { X, d, y, lambda, patterns },
      {
        tolerance: config.tolerance,
        maxIterations: config.maxIterations,
        onRound: (info) => {
          curve.multiplyAdds.push(info.multiplyAdds);
          curve.objective.push(info.networkObjective);
          curve.lowerBound.push(info.lowerBound);
        },
      },
    );
    await sink.done({ step: 1, total: 1 });
    const gatedFit = solveGatedRelu({ X, d, y, lambda, patterns }, { tolerance: 1e-4, maxIterations: 20000 });
    const data = regressionDataset("teacher", Float32Array.from(X), Float32Array.from(y), d, 1);
    const adam: WorkCurve[] = [];
    for (const seed of config.seeds) {
      const spec = { ...config, data, seed, hiddenBiasPenalised: true };
      const run = await gdRun(mlp([d, config.width, 1]), spec, progress, options, `adam seed ${seed}`);
      const perStep = 3 * n * config.width * (d + 2);
      adam.push({ multiplyAdds: run.steps.map((s) => s * perStep), objective: run.objective });
    }
    return {
      convex: { ...curve, converged: fit.converged, numPatterns: patterns.count },
      gated: { multiplyAdds: gatedFit.multiplyAdds, objective: gatedFit.objective },
      adam,
    };
  },
};
