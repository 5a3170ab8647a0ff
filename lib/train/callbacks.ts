import type { EvalResult } from "./evaluate";
import { describeValue } from "../core/check-options";
import { didYouMean } from "../core/closest";
import { cloneParams, disposeParams, type Params } from "../core/params";

/** Where the loop is: `params` are the parameters after `step` updates (borrowed: clone them to keep them). */
export interface StepContext {
  readonly step: number;
  /** Completed epochs as a fraction, `step / stepsPerEpoch`. */
  readonly epoch: number;
  readonly params: Params;
}

/** One evaluation: the step, the mean train-batch loss since the previous one, and val/test results. */
export interface EvalRecord {
  readonly step: number;
  readonly epoch: number;
  /** Mean loss of the training batches since the previous evaluation (absent at step 0). */
  readonly trainLoss?: number;
  readonly val?: EvalResult;
  readonly test?: EvalResult;
}

/**
 * Hooks the training loop calls, synchronously, at step boundaries. Returning `"stop"` ends training there
 * (the result says `stoppedEarly`). A hook must not dispose `ctx.params`.
 */
export interface TrainCallbacks {
  /** After every step k = 0 (before any update), 1, ..., numSteps. */
  onStep?(ctx: StepContext): void | "stop";
  /** After the last step of every epoch. */
  onEpoch?(ctx: StepContext): void | "stop";
  /** After every evaluation. */
  onEval?(record: EvalRecord, ctx: StepContext): void | "stop";
}

const HOOKS = ["onStep", "onEpoch", "onEval"] as const;

function checkHooks(value: unknown, where: string): TrainCallbacks {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const fn = typeof value === "function" ? " (wrap a function as { onStep: fn })" : "";
    throw new Error(
      `${where} must be an object of hooks (onStep, onEpoch, onEval) or an array of them; ` +
        `got ${describeValue(value)}${fn}`,
    );
  }
  const record = value as Record<string, unknown>;
  for (const hook of HOOKS) {
    if (record[hook] !== undefined && typeof record[hook] !== "function") {
      throw new Error(`${where}.${hook} must be a function; got ${describeValue(record[hook])}`);
    }
  }
  const hooks: readonly string[] = HOOKS;
  for (const key of Object.keys(record)) {
    if (/^on/i.test(key) && !hooks.includes(key)) {
      throw new Error(
        `${where} has an unknown hook "${key}"${didYouMean(key, hooks)} (the hooks are ${HOOKS.join(", ")})`,
      );
    }
  }
  const keys = Object.keys(record);
  if (keys.length > 0 && HOOKS.every((hook) => record[hook] === undefined)) {
    const hint =
      "callbacks" in record ? "; did you mean its .callbacks (as in snapshotsAt(steps).callbacks)?" : "";
    throw new Error(
      `${where} has none of the hooks onStep, onEpoch, onEval (it has ${keys.join(", ")})${hint}`,
    );
  }
  return value as TrainCallbacks;
}

/**
 * Checks `train`'s `callbacks` option before the loop calls any: one object of hooks or an array of them,
 * every hook given a function, no misspelled hook (`onstep`). Absent gives `[]`.
 *
 * @param where names the option, e.g. `"train: callbacks"`.
 * @returns the callbacks as an array (the objects themselves).
 * @throws e.g. `train: callbacks.onStep must be a function; got the number 3`.
 */
export function checkCallbacks(value: unknown, where: string): readonly TrainCallbacks[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((cb, i) => checkHooks(cb, `${where}[${i}]`));
  return [checkHooks(value, where)];
}

/** Snapshots taken by {@link snapshotsAt}: step → params (owned by this object until `dispose`). */
export interface Snapshots {
  readonly callbacks: TrainCallbacks;
  readonly taken: ReadonlyMap<number, Params>;
  /** Removes and returns the snapshot of `step`; the caller then owns it. @throws if none was taken. */
  take(step: number): Params;
  /** Frees every snapshot still held. */
  dispose(): void;
}

/**
 * A callback that copies the params at the given steps, e.g. `snapshotsAt([0, 500])` to rewind to step 500
 * (Frankle et al.'s late rewinding). Pass `.callbacks` to `train`; read `.taken` afterwards.
 */
export function snapshotsAt(steps: readonly number[]): Snapshots {
  const wanted = new Set(steps);
  const taken = new Map<number, Params>();
  return {
    callbacks: {
      onStep(ctx) {
        if (wanted.has(ctx.step) && !taken.has(ctx.step)) taken.set(ctx.step, cloneParams(ctx.params));
      },
    },
    taken,
    take(step) {
      const params = taken.get(step);
      if (!params)
        throw new Error(`no snapshot at step ${step}; taken: ${[...taken.keys()].join(", ") || "none"}`);
      taken.delete(step);
      return params;
    },
    dispose() {
      for (const params of taken.values()) disposeParams(params);
      taken.clear();
    },
  };
}
