import { assertFiniteParams } from "../core/finite";
import { checkDataset, type Dataset } from "../data/dataset";
import { type Architecture, checkParams, layerSizes } from "../core/architecture";
import { checkMethods, checkOptions, describeValue } from "../core/check-options";
import type { Params } from "../core/params";
import type { OptimizerConfig } from "../optim/optimizer";
import { checkCallbacks, type TrainCallbacks } from "./callbacks";
import { checkSignal } from "./interrupt";
import { type DistillOptions, type ResolvedDistill, resolveDistill } from "./distill";
import type { LossName } from "./loss";
import { Mask } from "./mask";
import type { ProgressSink } from "./progress";
import { type L2Penalty, type ResolvedL2, resolveL2 } from "./l2";

/** The data of a run: batches come from `train`; `val` and `test` are evaluated at intervals. */
export interface TrainData {
  readonly train: Dataset;
  readonly val?: Dataset;
  readonly test?: Dataset;
}

/** When a run evaluates its test set: at every evaluation, or only where the reported numbers need it. */
export type TestWhen = "always" | "improved";

/** Options of {@link train}. Give exactly one of `numSteps` or `epochs`. */
export interface TrainOptions {
  /** A registered optimizer and its options, e.g. `{ kind: "sgd", lr: 0.1 }` or `{ kind: "adam", lr: 1e-3 }`. */
  readonly optimizer: OptimizerConfig;
  /** Seed of the batch order. */
  readonly seed: number;
  /**
   * The step the run resumes from (default 0): batches are drawn from where the seeded order stands after this
   * many steps. A run rewound to θ_k passes k, so it sees the batches the original run saw from step k on (as
   * open_lth does).
   */
  readonly rewindStep?: number;
  readonly numSteps?: number;
  readonly epochs?: number;
  /** Default 60 (Frankle & Carbin's LeNet). */
  readonly batchSize?: number;
  /** Default: softmax cross-entropy for labelled data, MSE otherwise. */
  readonly loss?: LossName;
  /** Differentiate with `tf.grads` instead of the layer kinds' hand-written backward passes (default false). */
  readonly autodiff?: boolean;
  /**
   * An ℓ2 penalty on the named params (default none), e.g. `{ coefficient: 1e-3 }` on every kernel. The logged
   * and evaluated losses are the data loss alone; `l2PenaltyValue` gives the penalty.
   */
  readonly l2?: L2Penalty;
  /**
   * Distil from a teacher (see `DistillOptions`): every step forwards the teacher on the batch and trains on
   * `α·T²·KL + (1 − α)·CE`; needs labelled data. Evaluations report the plain cross-entropy. Turns
   * `cacheFeatures` off (the teacher needs the raw inputs).
   */
  readonly distill?: DistillOptions;
  /**
   * When the lowest layers have nothing to train, compute their outputs once per dataset and train the layers
   * above on them (default true). The result is the same (bit for bit in the tests); false recomputes them every
   * step.
   */
  readonly cacheFeatures?: boolean;
  /**
   * Multiply sparse inputs (at most 30% nonzero, such as MNIST's digits) by their nonzeros only, on the wasm
   * backend (default true). The numbers are the same bit for bit (tested); false runs the dense kernels, for a
   * benchmark's side-by-side.
   */
  readonly sparseInputs?: boolean;
  /** Pruning mask: masked weights start at 0 and stay exactly 0. Not disposed by the loop. */
  readonly mask?: Mask;
  /** Param names the optimizer must not change, besides the architecture's frozen layers (see `layerParamNames`). */
  readonly frozen?: readonly string[];
  /** Evaluate val/test every this many steps (default: once per epoch) and always at the start and end. */
  readonly evalEvery?: number;
  /** Stop when the val loss has not improved for this many evaluations (needs `val`). */
  readonly patience?: number;
  /**
   * Which evaluations also evaluate `test` (default `"always"`: every one). `"improved"` (needs `data.val`)
   * evaluates it only at a new minimum of the val loss (the record that becomes `best`) and at the run's last
   * evaluation (after the loop, on the final params), so `best.test`, the last record's test and
   * `earlyStopStep` are the same bit for bit, while the records in between have `test` undefined. `onEval`
   * sees each record as it is then: with `"improved"`, `test` only on improving evaluations.
   */
  readonly testWhen?: TestWhen;
  readonly callbacks?: TrainCallbacks | readonly TrainCallbacks[];
  /** Live progress; updated at most every `progressEveryMs` (default 250 ms). */
  readonly progress?: ProgressSink;
  readonly progressEveryMs?: number;
  /** Aborting it stops training at the next step boundary (like the stop button). */
  readonly signal?: AbortSignal;
  /**
   * Listen for SIGINT (Jupyter's stop button) during the run (default true). In a kernel, a run SIGINT ends
   * is kept for `takeInterrupted()` and `train` rejects (tslab has already failed the cell).
   */
  readonly handleSigint?: boolean;
  /** Yield to the event loop at least this often so interrupts get through (default 25 ms). */
  readonly yieldEveryMs?: number;
  /** Shown by progress sinks (default "train"). */
  readonly label?: string;
}

/** The type of every option of {@link TrainOptions}, for `checkOptions`. */
const TRAIN_OPTIONS = {
  optimizer: "object",
  seed: "number",
  rewindStep: "number?",
  numSteps: "number?",
  epochs: "number?",
  batchSize: "number?",
  loss: "string?",
  autodiff: "boolean?",
  l2: "object?",
  distill: "object?",
  cacheFeatures: "boolean?",
  sparseInputs: "boolean?",
  mask: "any?",
  frozen: "array?",
  evalEvery: "number?",
  patience: "number?",
  testWhen: "string?",
  callbacks: "any?",
  progress: "any?",
  progressEveryMs: "number?",
  signal: "any?",
  handleSigint: "boolean?",
  yieldEveryMs: "number?",
  label: "string?",
} as const;

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  readonly numSteps: number;
  readonly batchSize: number;
  readonly loss: LossName;
  readonly autodiff: boolean;
  readonly l2?: ResolvedL2;
  readonly distill?: ResolvedDistill;
  readonly evalEvery: number;
  readonly sparseInputs: boolean;
  readonly testWhen: TestWhen;
  readonly stepsPerEpoch: number;
  readonly callbacks: readonly TrainCallbacks[];
}

/** Checks the objects passed in (callbacks, progress sink, signal, mask) by shape, naming the option. */
function checkObjects(options: TrainOptions): readonly TrainCallbacks[] {
  const callbacks = checkCallbacks(options.callbacks, "train: callbacks");
  if (options.progress !== undefined) {
    checkMethods(options.progress, ["update(info)", "done(info)"], "train: progress");
  }
  checkSignal(options.signal, "train: signal");
  if (options.mask !== undefined && !(options.mask instanceof Mask)) {
    throw new Error(
      `train: mask must be a Mask (e.g. from g.prune(...) or Mask.fromTensors(...)); got ${describeValue(options.mask)}`,
    );
  }
  for (const key of ["progressEveryMs", "yieldEveryMs"] as const) {
    const ms = options[key];
    if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0)) {
      throw new Error(`train: ${key} must be a finite number of milliseconds ≥ 0; got ${ms}`);
    }
  }
  return callbacks;
}

/** Checks `testWhen` (default "always"); "improved" decides by the val loss, so it needs `data.val`. */
function checkTestWhen(value: TestWhen | undefined, data: TrainData): TestWhen {
  if (value === undefined) return "always";
  if (value !== "always" && value !== "improved") {
    throw new Error(`train: testWhen must be "always" or "improved"; got ${JSON.stringify(value)}`);
  }
  if (value === "improved" && !data.val) {
    throw new Error(
      'train: testWhen "improved" needs data.val (it tests where the val loss improves); pass data.val or ' +
        'use testWhen "always"',
    );
  }
  return value;
}

function positiveInt(value: number | undefined, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new Error(`train: ${what} must be a positive integer; got ${value}`);
  }
}

/**
 * Checks params, data and options before training allocates anything, so a bad call changes nothing.
 * Checking that the params are finite costs one device sync per call.
 *
 * @throws a message naming the first problem (shape mismatch, non-finite params, empty or non-finite data,
 *   an unknown or mistyped option, bad counts, ...).
 */
export function resolveOptions(
  arch: Architecture,
  params: Params,
  data: TrainData,
  options: TrainOptions,
): ResolvedOptions {
  checkOptions(options, TRAIN_OPTIONS, "train");
  const callbacks = checkObjects(options);
  checkOptions(data, { train: "object", val: "object?", test: "object?" }, "train: data");
  checkParams(arch, params, "train");
  const sizes = layerSizes(arch);
  const [inDim, outDim] = [sizes[0], sizes[sizes.length - 1]];
  for (const [role, ds] of Object.entries(data) as [string, Dataset | undefined][]) {
    if (!ds) continue;
    checkDataset(ds, `train: data.${role}`);
    if (ds.inDim !== inDim || ds.outDim !== outDim) {
      throw new Error(
        `train: ${role} data ${ds.name} is ${ds.inDim} → ${ds.outDim} but the params map ${inDim} → ${outDim}`,
      );
    }
  }
  if (!data.train) throw new Error("train: data.train is missing");
  const loss = options.loss ?? (data.train.labels ? "softmaxCrossEntropy" : "mse");
  if (loss !== "softmaxCrossEntropy" && loss !== "mse") {
    throw new Error(`train: unknown loss ${JSON.stringify(loss)}; use "softmaxCrossEntropy" or "mse"`);
  }
  if (loss === "softmaxCrossEntropy" && !data.train.labels) {
    throw new Error(
      `train: softmaxCrossEntropy needs labelled data; ${data.train.name} has none (use loss "mse")`,
    );
  }
  positiveInt(options.batchSize, "batchSize");
  positiveInt(options.numSteps, "numSteps");
  positiveInt(options.evalEvery, "evalEvery");
  positiveInt(options.patience, "patience");
  if ((options.numSteps === undefined) === (options.epochs === undefined)) {
    throw new Error("train: give exactly one of numSteps or epochs");
  }
  if (options.epochs !== undefined && !(Number.isFinite(options.epochs) && options.epochs > 0)) {
    throw new Error(`train: epochs must be a number > 0; got ${options.epochs}`);
  }
  if (options.patience !== undefined && !data.val) throw new Error("train: patience needs data.val");
  const testWhen = checkTestWhen(options.testWhen, data);
  const { rewindStep = 0 } = options;
  if (!(Number.isInteger(rewindStep) && rewindStep >= 0)) {
    throw new Error(`train: rewindStep must be an integer ≥ 0; got ${rewindStep}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error(`train: seed must be an integer; got ${options.seed}`);
  const batchSize = Math.min(options.batchSize ?? 60, data.train.numExamples);
  const stepsPerEpoch = Math.ceil(data.train.numExamples / batchSize);
  const numSteps = options.numSteps ?? Math.max(1, Math.round((options.epochs ?? 1) * stepsPerEpoch));
  if (options.distill && loss !== "softmaxCrossEntropy") {
    throw new Error(
      `train: distill needs loss "softmaxCrossEntropy" on labelled data; got ${JSON.stringify(loss)}`,
    );
  }
  options.mask?.assertFits(params);
  assertFiniteParams(params, "train");
  return {
    numSteps,
    batchSize,
    loss,
    autodiff: options.autodiff ?? false,
    l2: options.l2 && resolveL2(arch, options.l2, "train: l2"),
    distill: options.distill && resolveDistill(arch, options.distill, "train: distill"),
    evalEvery: options.evalEvery ?? stepsPerEpoch,
    sparseInputs: options.sparseInputs ?? true,
    testWhen,
    stepsPerEpoch,
    callbacks,
  };
}
