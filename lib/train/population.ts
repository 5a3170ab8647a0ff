import * as tf from "@tensorflow/tfjs";
import { prepareSparseMatMul } from "../core/sparse-matmul";
import type { Architecture } from "../core/architecture";
import { layersOf, paramShapes } from "../core/architecture";
import { describeValue } from "../core/check-options";
import { disposeParams, type Params } from "../core/params";
import { makeOptimizer } from "../optim/registry";
import { inKernel } from "../kernel/jupyter-output";
import { BatchSampler, disposeBatch } from "./batches";
import type { EvalRecord } from "./callbacks";
import { evaluate } from "./evaluate";
import { trainableNames } from "./freeze";
import { StopFlag, yieldToEventLoop } from "./interrupt";
import { LossLog } from "./loss-log";
import { Mask } from "./mask";
import { packParams, populationLayout, unpackParams } from "./population-layout";
import { populationStep } from "./population-step";
import type { ProgressInfo } from "./progress";
import { type TrainData, type TrainOptions, resolveOptions } from "./train-options";
import type { TrainResult } from "./train-result";
import { startParams } from "./train-step";

/** Options of {@link trainPopulation}: `train`'s, with one mask per member instead of one. */
export type PopulationOptions = Omit<TrainOptions, "mask" | "callbacks" | "autodiff"> & {
  /** Member k trains with `masks[k]` (undefined: no mask). Length K when given; borrowed, not disposed. */
  readonly masks?: readonly (Mask | undefined)[];
};

/** The optimizers whose update of a weight reads only that weight's own gradient and state. */
export const ELEMENTWISE_OPTIMIZERS: readonly string[] = ["sgd", "momentum", "adam"];

function checkPopulation(arch: Architecture, initials: readonly Params[], options: PopulationOptions): void {
  if (!Array.isArray(initials) || initials.length < 1) {
    const got = Array.isArray(initials) ? "an empty array" : describeValue(initials);
    throw new Error(`trainPopulation: initials must be an array of at least one member's params; got ${got}`);
  }
  const record = options as Record<string, unknown>;
  for (const key of ["mask", "callbacks", "autodiff"]) {
    if (record[key] !== undefined) {
      throw new Error(
        `trainPopulation: option "${key}" is not supported` +
          (key === "mask" ? '; pass one mask per member as "masks"' : "; train that member with train()"),
      );
    }
  }
  if (
    options.masks !== undefined &&
    (!Array.isArray(options.masks) || options.masks.length !== initials.length)
  ) {
    throw new Error(
      `trainPopulation: masks must hold one entry (a Mask or undefined) per member, ${initials.length}; ` +
        `got ${Array.isArray(options.masks) ? `${options.masks.length} entries` : describeValue(options.masks)}`,
    );
  }
  if (!ELEMENTWISE_OPTIMIZERS.includes(options.optimizer?.kind)) {
    throw new Error(
      `trainPopulation: optimizer ${JSON.stringify(options.optimizer?.kind)} is not elementwise; a population ` +
        `trains with ${ELEMENTWISE_OPTIMIZERS.join(", ")} (train other rules member by member with train())`,
    );
  }
  layersOf(arch).forEach((layer) => {
    if (layer.kind.kind !== "dense") {
      throw new Error(
        `trainPopulation: layer ${layer.name} is of kind ${layer.kind.kind}; a population trains dense layers ` +
          "only (train other architectures member by member with train())",
      );
    }
  });
}

/**
 * The members' masks as one slot mask (ones for members without one), or undefined when no member has a mask.
 * The caller owns (disposes) it.
 */
function slotMask(
  layout: ReturnType<typeof populationLayout>,
  initials: readonly Params[],
  masks: readonly (Mask | undefined)[] | undefined,
): Mask | undefined {
  if (!masks?.some((m) => m !== undefined)) return undefined;
  const names = [...new Set(masks.flatMap((m) => m?.names ?? []))];
  const entries = tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const parts = initials.map((p, k) => masks[k]?.get(name) ?? tf.onesLike(p[name]));
      out[name] = packParams(
        layout,
        parts.map((t) => ({ [name]: t })),
      )[name];
    }
    return out;
  });
  try {
    return Mask.fromTensors(entries);
  } catch (err) {
    tf.dispose(Object.values(entries));
    throw err;
  }
}

/**
 * Trains K networks of one architecture in one pass (a population): one shared batch order, each member from
 * its own init and with its own mask. The first layers of all members run as one 2-D matMul, the layers above
 * member by member, and one optimizer step updates every member (see {@link populationStep}).
 *
 * Result k equals `train(arch, initials[k], data, { ...options, mask: masks[k] })` bit for bit on the cpu and
 * wasm backends (tested with SGD, momentum and Adam, masks, patience and evaluation): every member's numbers
 * come from the same float ops, in the same order, as in its lone run. Each member keeps its own losses,
 * evaluations, early-stopping iteration and `patience` stop (a member that stops keeps its params from then on;
 * its slot still computes until every member stops). `seconds` is the population's wall time.
 *
 * Not supported: layers of another kind than dense, optimizers that mix weights (Muon, spectral GD), per-member
 * callbacks and `autodiff`; each is an error naming the alternative. Frozen layers and `frozen` names are
 * shared by every member; bottom frozen layers are recomputed each step (the same numbers as `train`'s cache).
 *
 * @param initials one param map per member, each fitting `arch`; borrowed, not modified.
 * @param options `train`'s options (the seed and `rewindStep` fix the shared batch order) and `masks`.
 * @returns one {@link TrainResult} per member; the caller owns each `params`. No other tensor outlives the call.
 * @throws before any work when there are no members, a member's params do not fit `arch` (naming the member),
 *   a mask does not fit, or an option is bad or unsupported; when a member's loss becomes NaN/Inf; and, in a
 *   Jupyter kernel, when the stop button ended the run (the members' params are freed).
 */
export async function trainPopulation(
  arch: Architecture,
  initials: readonly Params[],
  data: TrainData,
  options: PopulationOptions,
): Promise<TrainResult[]> {
  checkPopulation(arch, initials, options);
  const { masks, ...rest } = options;
  const resolved = initials.map((p, k) => {
    try {
      return resolveOptions(arch, p, data, { ...rest, mask: masks?.[k] });
    } catch (err) {
      throw new Error(`trainPopulation: member ${k}: ${(err as Error).message}`);
    }
  });
  const r = resolved[0];
  const K = initials.length;
  const layout = populationLayout(arch, K);
  const shapes = paramShapes(arch);
  const trainable = trainableNames(arch, options.frozen ?? []);
  const sampler = new BatchSampler(data.train, r.batchSize, options.seed);
  sampler.seek(options.rewindStep ?? 0);
  await prepareSparseMatMul(); // sparse inputs (MNIST digits) multiply by their nonzeros only
  await yieldToEventLoop(); // see train: never register SIGINT inside a cell's synchronous part
  const stop = new StopFlag(options.signal, options.handleSigint ?? true);
  const mask = slotMask(layout, initials, masks);
  const optimizer = makeOptimizer(options.optimizer);
  let slots: Params = tf.tidy(() => {
    const starts = initials.map((p, k) => startParams(p, masks?.[k]));
    const packed = packParams(layout, starts);
    starts.forEach(disposeParams);
    return packed;
  });
  const logs = initials.map(() => new LossLog(r.stepsPerEpoch));
  const members = initials.map(() => ({
    evals: [] as EvalRecord[],
    best: undefined as EvalRecord | undefined,
    sinceBest: 0,
    lossMark: 0,
    steps: 0,
    stopped: false,
    kept: undefined as Params | undefined,
  }));
  const start = performance.now();
  let step = 0;
  const evalAll = () => {
    const current = unpackParams(layout, slots, shapes);
    try {
      members.forEach((m, k) => {
        if (m.stopped) return;
        const log = logs[k];
        log.flush();
        const opts = { loss: r.loss };
        const val = data.val && evaluate(arch, current[k], data.val, opts);
        const improved = val !== undefined && (!m.best?.val || val.loss < m.best.val.loss);
        const test =
          data.test && (r.testWhen === "always" || improved)
            ? evaluate(arch, current[k], data.test, opts)
            : undefined;
        const trainLoss = log.length > m.lossMark ? log.meanSince(m.lossMark) : undefined;
        const record: EvalRecord = { step, epoch: step / r.stepsPerEpoch, trainLoss, val, test };
        m.lossMark = log.length;
        m.evals.push(record);
        if (improved) [m.best, m.sinceBest] = [record, 0];
        else if (++m.sinceBest >= (options.patience ?? Infinity)) {
          m.stopped = true;
          m.kept = current[k];
          current[k] = {};
        }
      });
    } finally {
      current.forEach(disposeParams);
    }
  };
  // testWhen "improved": a member's last record gets its test result on the params it keeps (a member
  // stopped by patience keeps those of its last record; the others end at the last evaluation's step).
  const testLast = (evals: EvalRecord[], params: Params) => {
    const last = evals[evals.length - 1];
    if (!data.test || !last || last.test) return;
    evals[evals.length - 1] = { ...last, test: evaluate(arch, params, data.test, { loss: r.loss }) };
  };
  const info = (): ProgressInfo => {
    let sum = 0;
    let count = 0;
    for (const log of logs) {
      if (log.length === 0) continue;
      sum += log.meanSince(Math.max(0, log.length - r.stepsPerEpoch));
      count++;
    }
    const label = `${options.label ?? "train"} · ${K} member${K === 1 ? "" : "s"}`;
    return { step, total: r.numSteps, loss: count > 0 ? sum / count : undefined, metrics: {}, label };
  };
  const evaluating = data.val !== undefined || data.test !== undefined;
  const yieldEveryMs = options.yieldEveryMs ?? 25;
  const progressEveryMs = options.progressEveryMs ?? 250;
  const running = () => members.some((m) => !m.stopped);
  try {
    if (evaluating) evalAll();
    let lastYield = performance.now();
    let lastProgress = -Infinity;
    while (step < r.numSteps && running() && !stop.stopped) {
      const batch = sampler.next({ sparse: r.sparseInputs });
      let losses: tf.Scalar[];
      try {
        ({ slots, losses } = populationStep(layout, slots, batch, optimizer, trainable, r, mask));
      } finally {
        disposeBatch(batch);
      }
      step++;
      members.forEach((m, k) => {
        if (m.stopped) return losses[k].dispose();
        logs[k].push(losses[k]);
        m.steps = step;
        if (logs[k].numPending >= 64) logs[k].flush();
      });
      if (evaluating && (step % r.evalEvery === 0 || step === r.numSteps)) evalAll();
      const now = performance.now();
      if (options.progress && now - lastProgress >= progressEveryMs) {
        logs.forEach((log) => log.flush());
        options.progress.update(info());
        lastProgress = now;
      }
      if (now - lastYield >= yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    logs.forEach((log) => log.flush());
    if (evaluating && members.some((m) => !m.stopped && m.evals[m.evals.length - 1].step !== step)) evalAll();
    await options.progress?.done(info());
  } catch (err) {
    disposeParams(slots);
    members.forEach((m) => m.kept && disposeParams(m.kept));
    throw err;
  } finally {
    stop.release();
    optimizer.dispose();
    mask?.dispose();
    logs.forEach((log) => log.dispose());
  }
  const seconds = (performance.now() - start) / 1000;
  const final = unpackParams(layout, slots, shapes);
  disposeParams(slots);
  try {
    members.forEach((m, k) => testLast(m.evals, m.kept ?? final[k]));
  } catch (err) {
    final.forEach(disposeParams);
    members.forEach((m) => m.kept && disposeParams(m.kept));
    throw err;
  }
  const results = members.map((m, k): TrainResult => {
    if (m.kept) disposeParams(final[k]);
    return {
      params: m.kept ?? final[k],
      numSteps: m.steps,
      epochs: m.steps / r.stepsPerEpoch,
      interrupted: stop.stopped,
      stoppedEarly: m.stopped,
      trainLoss: logs[k].toArray(),
      evals: m.evals,
      earlyStopStep: m.best?.step,
      best: m.best,
      seconds,
      stepsPerSecond: m.steps / seconds,
    };
  });
  if (stop.bySigint && inKernel()) {
    results.forEach((res) => disposeParams(res.params));
    throw new Error(
      `trainPopulation: stopped by the stop button (SIGINT) after ${step} steps; tslab has already failed the ` +
        "cell, and the members' params were freed",
    );
  }
  return results;
}
