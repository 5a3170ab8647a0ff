import { mlp } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { spirals } from "../data/synthetic-2d";
import { regressionDataset } from "../data/dataset";
import type { Experiment, Seeded } from "../experiment/experiment";
import { closedFormNet } from "../solvers/closed-form";
import { solveConvexRelu } from "../solvers/convex-relu";
import { enumeratePatterns, withOnes } from "../solvers/patterns";
import { netPredict, type TwoLayerNet } from "../solvers/two-layer";
import { type GdRun, gdRun } from "./gd-run";

/** The 2-D two-arm spiral as a ±1 regression (squared loss), and λ. */
export interface SpiralData {
  readonly n: number;
  readonly dataSeed: number;
  readonly turns: number;
  readonly noise: number;
  readonly lambda: number;
}

/** The spiral's inputs ([n · 2]) and ±1 targets. */
export function spiralXY(config: SpiralData): { X: number[]; y: number[] } {
  const ds = spirals({
    n: config.n,
    seed: config.dataSeed,
    numClasses: 2,
    turns: config.turns,
    noise: config.noise,
  });
  const labels = ds.labels ?? new Int32Array(config.n);
  return { X: Array.from(ds.X), y: Array.from(labels, (l) => (l === 0 ? -1 : 1)) };
}

/** The fraction of points where sign(f(x)) = y. */
export function signAccuracy(net: TwoLayerNet, X: ArrayLike<number>, y: ArrayLike<number>): number {
  const yHat = netPredict(net, X);
  let hits = 0;
  for (let i = 0; i < y.length; i++) hits += Math.sign(yHat[i]) === Math.sign(y[i]) ? 1 : 0;
  return hits / y.length;
}

/** The convex solve's config: the data, and the solver's tolerance and budget. */
export interface SpiralConvexConfig extends SpiralData {
  readonly tolerance: number;
  readonly maxIterations: number;
}

/** A convex solve of the spiral with every pattern. */
export interface SpiralConvexResult {
  readonly X: number[];
  readonly y: number[];
  readonly net: TwoLayerNet;
  readonly objective: number;
  readonly networkObjective: number;
  readonly lowerBound: number;
  readonly gap: number;
  readonly maxViolation: number;
  readonly converged: boolean;
  readonly accuracy: number;
  readonly numPatterns: number;
  readonly workingSet: number;
  readonly enumerateSeconds: number;
  readonly solveSeconds: number;
  readonly bytes: number;
  /**
   * The closed-form net (Pilanci 2023): neurons through pairs of data points, ℓ1 readout, hidden biases free;
   * `through` lists each neuron's two data indices.
   */
  readonly closedForm: {
    net: TwoLayerNet;
    objective: number;
    accuracy: number;
    through: number[];
    converged: boolean;
  };
  /** After each working-set round: work (multiply-adds), the net's objective and the certified bound. */
  readonly curve: { multiplyAdds: number[]; networkObjective: number[]; lowerBound: number[] };
}

const DATA_SHAPE = { n: "number", dataSeed: "number", turns: "number", noise: "number", lambda: "number" };

function checkData(config: SpiralData, where: string, extra: Record<string, string>): void {
  checkOptions(config, { ...DATA_SHAPE, ...extra }, where);
  if (!(config.lambda > 0))
    throw new Error(`${where}: lambda (the weight decay β) must be > 0; got ${config.lambda}`);
}

/** Full mode: 40 points, one turn, λ = 0.01 (about 4 minutes here); quick mode halves n. */
export const DEFAULT_SPIRAL_CONVEX: SpiralConvexConfig = {
  n: 40,
  dataSeed: 0,
  turns: 1,
  noise: 0.1,
  lambda: 0.01,
  tolerance: 1e-3,
  maxIterations: 400000,
};

/**
 * The 2-D spiral by the convex ReLU program with every activation pattern of [X, 1] (exact enumeration): the
 * global optimum of `mse + (λ/2) Σ_j (‖u_j‖² + b_j² + α_j²)` over two-layer ReLU nets of any width, certified by
 * the duality gap. Synchronous (the stop button interrupts it through tslab; nothing is cached then).
 */
export const SPIRAL_CONVEX: Experiment<SpiralConvexConfig, SpiralConvexResult> = {
  name: "analytic-spiral-convex",
  version: 1,
  check: (config) => checkData(config, "spiral-convex", { tolerance: "number", maxIterations: "number" }),
  steps: () => 1,
  async compute(config, progress) {
    const sink = progress.stage(`convex ReLU, n = ${config.n}`, 1);
    const { X, y } = spiralXY(config);
    const t0 = performance.now();
    const patterns = enumeratePatterns(withOnes(X, 2), 3);
    const t1 = performance.now();
    const curve = {
      multiplyAdds: [] as number[],
      networkObjective: [] as number[],
      lowerBound: [] as number[],
    };
    const fit = solveConvexRelu(
      { X, d: 2, y, lambda: config.lambda, patterns },
      {
        tolerance: config.tolerance,
        maxIterations: config.maxIterations,
        onRound: (info) => {
          curve.multiplyAdds.push(info.multiplyAdds);
          curve.networkObjective.push(info.networkObjective);
          curve.lowerBound.push(info.lowerBound);
          sink.update({ step: 0, total: 1, loss: info.networkObjective });
        },
      },
    );
    const t2 = performance.now();
    const cf = closedFormNet(X, 2, y, config.lambda, { tolerance: 1e-6, maxIterations: 50000 });
    const through = Array.from(cf.used).flatMap((j) =>
      Array.from(cf.candidates.through.subarray(2 * j, 2 * j + 2)),
    );
    const closedForm = {
      net: cf.net,
      objective: cf.objective,
      accuracy: signAccuracy(cf.net, X, y),
      through,
      converged: cf.converged,
    };
    await sink.done({ step: 1, total: 1 });
    const { net, objective, networkObjective, lowerBound, gap, maxViolation, converged, workingSet, bytes } =
      fit;
    return {
      X,
      y,
      net,
      objective,
      networkObjective,
      lowerBound,
      gap,
      maxViolation,
      converged,
      accuracy: signAccuracy(net, X, y),
      numPatterns: fit.numPatterns,
      workingSet,
      enumerateSeconds: (t1 - t0) / 1000,
      solveSeconds: (t2 - t1) / 1000,
      bytes,
      closedForm,
      curve,
    };
  },
};

/** Adam on the spiral's non-convex objective. */
export interface SpiralAdamConfig extends SpiralData {
  readonly width: number;
  readonly lr: number;
  readonly numSteps: number;
  readonly numCheckpoints: number;
}

/** Full mode: width 200 (the geometric-algebra paper's), 20,000 full-batch Adam steps, lr 1e-2. */
export const DEFAULT_SPIRAL_ADAM: SpiralAdamConfig = {
  n: DEFAULT_SPIRAL_CONVEX.n,
  dataSeed: DEFAULT_SPIRAL_CONVEX.dataSeed,
  turns: DEFAULT_SPIRAL_CONVEX.turns,
  noise: DEFAULT_SPIRAL_CONVEX.noise,
  lambda: DEFAULT_SPIRAL_CONVEX.lambda,
  width: 200,
  lr: 0.01,
  numSteps: 20000,
  numCheckpoints: 50,
};

/** One Adam run: its curve, final net and training accuracy. */
export interface SpiralAdamResult extends GdRun {
  readonly accuracy: number;
}

/**
 * Adam (full batch, coupled weight decay through train's `l2` on both kernels and the hidden bias, the output
 * bias free) on the objective the convex program solves, from one seed.
 */
export const SPIRAL_ADAM: Experiment<Seeded<SpiralAdamConfig>, SpiralAdamResult> = {
  name: "analytic-spiral-adam",
  version: 1,
  check: (unit) =>
    checkData(unit.config, "spiral-adam", {
      width: "number",
      lr: "number",
      numSteps: "number",
      numCheckpoints: "number",
    }),
  steps: (unit) => unit.config.numSteps,
  async compute(unit, progress, options) {
    const { config, seed } = unit;
    const { X, y } = spiralXY(config);
    const data = regressionDataset("spiral ±1", Float32Array.from(X), Float32Array.from(y), 2, 1);
    const spec = { ...config, data, seed, hiddenBiasPenalised: true };
    const run = await gdRun(mlp([2, config.width, 1]), spec, progress, options, `adam seed ${seed}`);
    return { ...run, accuracy: signAccuracy(run.net, X, y) };
  },
};
