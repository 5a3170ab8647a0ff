import { prepareSparseMatMul } from "../core/sparse-matmul";
import type { Architecture } from "../core/architecture";
import type { TrainResult } from "./train-result";
import { makeOptimizer } from "../optim/registry";
import { inKernel } from "../kernel/jupyter-output";
import { BatchSampler } from "./batches";
import type { EvalRecord, StepContext, TrainCallbacks } from "./callbacks";
import { type EvalResult, evaluate } from "./evaluate";
import { trainableNames } from "./freeze";
import { frozenFeatureModel } from "./frozen-features";
import { StopFlag, yieldToEventLoop } from "./interrupt";
import { parkInterrupted } from "./interrupted-run";
import { LossLog } from "./loss-log";
import { disposeParams, type Params } from "../core/params";
import type { ProgressInfo } from "./progress";
import { type TrainData, type TrainOptions, resolveOptions } from "./train-options";
import { startParams, trainStep } from "./train-step";

/**
 * Trains a model with mini-batch gradient descent: a custom loop (the layer kinds' backward passes, batches
 * assembled on the host, the outputs of frozen bottom layers computed once per dataset), seeded shuffling, any
 * {@link Optimizer}, masks kept exactly zero, frozen params left unchanged, evaluation at intervals,
 * callbacks, early-stopping iteration, throttled progress, and clean interruption at the next step boundary
 * (`options.signal`, or SIGINT: returns what was trained so far with `interrupted: true`). Same seed, same
 * backend: bit-identical results.
 *
 * In a Jupyter kernel, tslab fails the running cell the moment the stop button sends SIGINT, so nobody could
 * receive a SIGINT-ended run: there the result is kept for {@link takeInterrupted} and the call rejects.
 *
 * Losses stay on the device and are read in batches of up to 64 steps (and at every evaluation and progress
 * update), so a diverged run throws up to 64 steps after its first NaN/Inf loss; until then callbacks may see
 * non-finite params. Checking every step would cost a device sync per step.
 *
 * @param arch the architecture; its frozen layers stay unchanged.
 * @param initial starting params; not modified or disposed (the loop trains a copy).
 * @param data `{ train, val?, test? }` datasets whose widths match the params.
 * @returns a {@link TrainResult} whose `params` the caller owns. No other tensors outlive the call.
 * @throws before any work on bad input (shapes, non-finite params, empty or non-finite data, an unknown
 *   option, lr ≤ 0, bad mask or counts); with the step number when the loss becomes NaN/Inf; and, in a
 *   Jupyter kernel, when SIGINT ended the run (the result is then kept for {@link takeInterrupted}). Nothing
 *   leaks in any case.
 */
export async function train(
  arch: Architecture,
  initial: Params,
  data: TrainData,
  options: TrainOptions,
): Promise<TrainResult> {
  const r = resolveOptions(arch, initial, data, options);
  const trainable = trainableNames(arch, options.frozen ?? []);
  const model = frozenFeatureModel(
    arch,
    initial,
    data,
    options.mask,
    trainable,
    (options.cacheFeatures ?? true) && !r.distill,
  );
  const sampler = new BatchSampler(model.data.train, r.batchSize, options.seed);
  sampler.seek(options.rewindStep ?? 0);
  const optimizer = makeOptimizer(options.optimizer);
  const { mask, progress } = options;
  // Register the SIGINT listener only after the cell's synchronous part: tslab runs that part with vm's
  // breakOnSigint, and a listener added inside it leaves Node's exit-on-SIGINT in place (the stop button
  // would kill the kernel; checked with a real kernel).
  await prepareSparseMatMul(); // sparse inputs (MNIST digits) multiply by their nonzeros only
  await yieldToEventLoop();
  const stop = new StopFlag(options.signal, options.handleSigint ?? true);
  let params = startParams(model.initial, mask);
  const log = new LossLog(r.stepsPerEpoch);
  const evals: EvalRecord[] = [];
  const start = performance.now();
  let step = 0;
  let stoppedEarly = false;
  let best: EvalRecord | undefined;
  let evalsSinceBest = 0;
  let lossMark = 0;
  const ctx = (): StepContext => ({ step, epoch: step / r.stepsPerEpoch, params: model.merge(params) });
  const fire = (hook: (cb: TrainCallbacks) => void | "stop") => {
    for (const cb of r.callbacks) if (hook(cb) === "stop") stoppedEarly = true;
  };
  const evalNow = () => {
    log.flush();
    const opts = { loss: r.loss };
    const { val: valData, test: testData } = model.data;
    const val: EvalResult | undefined = valData && evaluate(model.arch, params, valData, opts);
    const improved = val !== undefined && (!best?.val || val.loss < best.val.loss);
    const testNow = testData && (r.testWhen === "always" || improved);
    const test: EvalResult | undefined = testNow ? evaluate(model.arch, params, testData, opts) : undefined;
    const trainLoss = log.length > lossMark ? log.meanSince(lossMark) : undefined;
    const record: EvalRecord = { step, epoch: step / r.stepsPerEpoch, trainLoss, val, test };
    lossMark = log.length;
    evals.push(record);
    if (improved) [best, evalsSinceBest] = [record, 0];
    else if (++evalsSinceBest >= (options.patience ?? Infinity)) stoppedEarly = true;
    fire((cb) => cb.onEval?.(record, ctx()));
  };
  // testWhen "improved": the last record gets its test result on the final params (its own params).
  const testLast = () => {
    const last = evals[evals.length - 1];
    const testData = model.data.test;
    if (!testData || !last || last.test || last.step !== step) return;
    evals[evals.length - 1] = { ...last, test: evaluate(model.arch, params, testData, { loss: r.loss }) };
  };
  const info = (): ProgressInfo => {
    const last = evals[evals.length - 1];
    const metrics: Record<string, number> = {};
    for (const [role, res] of [
      ["val", last?.val],
      ["test", last?.test],
    ] as const) {
      if (res?.accuracy !== undefined) metrics[`${role}/acc`] = res.accuracy;
    }
    const loss = log.length > 0 ? log.meanSince(Math.max(0, log.length - r.stepsPerEpoch)) : undefined;
    return { step, total: r.numSteps, loss, metrics, label: options.label ?? "train" };
  };
  const evaluating = data.val !== undefined || data.test !== undefined;
  const yieldEveryMs = options.yieldEveryMs ?? 25;
  const progressEveryMs = options.progressEveryMs ?? 250;
  try {
    fire((cb) => cb.onStep?.(ctx()));
    if (evaluating) evalNow();
    let lastYield = performance.now();
    let lastProgress = -Infinity;
    while (step < r.numSteps && !stoppedEarly && !stop.stopped) {
      params = trainStep(model.arch, params, sampler, optimizer, trainable, r, mask, log);
      step++;
      if (log.numPending >= 64) log.flush();
      fire((cb) => cb.onStep?.(ctx()));
      if (step % r.stepsPerEpoch === 0) fire((cb) => cb.onEpoch?.(ctx()));
      if (evaluating && (step % r.evalEvery === 0 || step === r.numSteps)) evalNow();
      const now = performance.now();
      if (progress && now - lastProgress >= progressEveryMs) {
        log.flush();
        progress.update(info());
        lastProgress = now;
      }
      if (now - lastYield >= yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    log.flush();
    if (evaluating && evals[evals.length - 1].step !== step) evalNow();
    testLast();
    await progress?.done(info());
  } catch (err) {
    disposeParams(params);
    model.dispose();
    throw err;
  } finally {
    stop.release();
    optimizer.dispose();
    log.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  const result: TrainResult = {
    params: model.merge(params),
    numSteps: step,
    epochs: step / r.stepsPerEpoch,
    interrupted: stop.stopped,
    stoppedEarly,
    trainLoss: log.toArray(),
    evals,
    earlyStopStep: best?.step,
    best,
    seconds,
    stepsPerSecond: step / seconds,
  };
  // In a kernel, tslab failed the cell awaiting this call the moment SIGINT arrived: nobody can receive the
  // result, and that cell's code after the await must not run on it. Keep it for takeInterrupted() instead.
  if (stop.bySigint && inKernel()) throw parkInterrupted(result);
  return result;
}
