import { type Architecture, checkParams, prunableParams } from "../core/architecture";
import { cloneParams, disposeParams, type Params } from "../core/params";
import { ExperimentInterrupted } from "../experiment/interrupted";
import type { ExperimentProgress } from "../experiment/progress";
import { prune } from "../prune/registry";
import { snapshotsAt, type TrainCallbacks } from "../train/callbacks";
import { StopFlag, yieldToEventLoop } from "../train/interrupt";
import { Mask } from "../train/mask";
import type { TestWhen } from "../train/train-options";
import { checkSchedule, type LotteryConfig, type LotteryPruning, type RunKind } from "./config";
import type { LotteryDataSets } from "./data";
import { encodeMask, type EncodedMask } from "./mask-codec";
import type { RoundResult } from "./round-result";
import { type RoundRunOptions, trainRound, trainRoundPopulation } from "./train-round";

/** The parts of a {@link LotteryConfig} that IMP itself reads. */
export type ImpSpec = Pick<
  LotteryConfig,
  "arch" | "optimizer" | "batchSize" | "numSteps" | "evalEvery" | "numRounds" | "pruning" | "rewindStep"
>;

/** What {@link runImp} passes to `onRound` after training round `round`. Every tensor is borrowed. */
export interface ImpRound {
  readonly round: number;
  /** The round's mask (all ones at round 0 unless an initial mask was given). */
  readonly mask: Mask;
  /** The rewind point θ_k (the original init for k = 0), unmasked. */
  readonly rewind: Params;
  /** The params at the end of the round's training (pruned entries exactly 0). */
  readonly trained: Params;
  readonly result: RoundResult;
  /** The results of the round's companions, in the order `companions` returned them (empty without). */
  readonly companions: readonly RoundResult[];
}

/** Hooks of {@link runImp}; `onRound` may be async (e.g. to train controls) and may return "stop". */
export interface ImpCallbacks {
  /** Before each round's training, with the mask and the params it starts from (borrowed). */
  onRoundStart?(info: { readonly round: number; readonly mask: Mask; readonly start: Params }): void;
  /** After each round's training. Returning "stop" ends IMP after this round. */
  onRound?(info: ImpRound): void | "stop" | Promise<void | "stop">;
  /**
   * Runs to train beside the ticket at round `round` > 0 (e.g. its controls), from the round's mask and the
   * rewind point θ_k (both borrowed). Those that resume at the ticket's step k train with it as one population
   * (`trainPopulation`: the same numbers as alone, bit for bit); the others as populations of their own. IMP
   * disposes them after the round, and `onRound` receives their results as `companions`, in this order.
   */
  companions?(info: {
    readonly round: number;
    readonly mask: Mask;
    readonly rewind: Params;
  }): readonly Companion[];
  /** Passed to every training run (the ticket then trains alone, as callbacks need a lone run). */
  readonly train?: TrainCallbacks;
}

/** A run trained beside the ticket (see `ImpCallbacks.companions`); `dispose()` frees what it created. */
export interface Companion {
  readonly kind: RunKind;
  readonly params: Params;
  readonly mask: Mask;
  /** The step it resumes from (k for the ticket's data order; 0 for a fresh init). */
  readonly rewindStep: number;
  dispose(): void;
}

/** Options of {@link runImp}. */
export interface ImpOptions {
  /** Seed of the data order (every round sees the same order). */
  readonly seed: number;
  readonly callbacks?: ImpCallbacks;
  /** Start from this mask instead of all ones over every kernel (e.g. a SNIP mask); not disposed. */
  readonly initialMask?: Mask;
  readonly progress?: ExperimentProgress;
  /** Prefix of progress labels, e.g. `seed 0`. */
  readonly label?: string;
  readonly signal?: AbortSignal;
  /** Listen for SIGINT (Jupyter's stop button) for the whole run (default true). */
  readonly handleSigint?: boolean;
  /**
   * When every run (ticket and companions) evaluates the test set: `"improved"` (default; where the val loss
   * improves and at the end, all a {@link RoundResult} reads) or `"always"` (every evaluation, for
   * `callbacks.train.onEval` readers that want each evaluation's test result).
   */
  readonly testWhen?: TestWhen;
}

/** What {@link runImp} returns: plain JSON. */
export interface ImpResult {
  /** One result per round, round 0 (dense) first. */
  readonly rounds: readonly RoundResult[];
  /** The mask each round trained with, packed. */
  readonly masks: readonly EncodedMask[];
}

/**
 * Checks the pruning choice against the network before any training, by one dry run of the strategy on
 * `params` with every weight kept (dispatched through the pruning registry, which checks the kind and the
 * option names and types; the strategy checks the values).
 *
 * @throws e.g. `magnitude-layerwise: rate must be in (0, 1); got 1.5`, or an unknown kind or option naming the
 *   closest registered one.
 */
export function checkPruning(arch: Architecture, params: Params, pruning: LotteryPruning): void {
  const all = Mask.ones(params, prunableParams(arch));
  try {
    prune(arch, params, all, pruning).dispose();
  } finally {
    all.dispose();
  }
}

/**
 * Iterative magnitude pruning with rewinding (Frankle & Carbin 2019; Frankle et al. 2020): train the dense
 * network for `numSteps`, keeping θ_k (k = `rewindStep`; θ_0 is `params`); then `numRounds` times: prune the
 * trained weights with `pruning`, reset the survivors to θ_k and train `numSteps − k` steps with the mask
 * (pruned weights stay exactly 0). Reports density, best val loss, early-stopping iteration and test accuracy
 * per round. After a rewind the data order resumes at step k, as in open_lth.
 *
 * @param params θ_0 of `spec.arch`, e.g. `initParams(mlp([784, 300, 100, 10]), { seed })`; not modified or
 *   disposed.
 * @param data train, val and test sets matching the params' widths.
 * @returns plain JSON; no tensor outlives the call (callbacks' borrowed tensors are freed after them).
 * @throws on bad input before any training (rates outside (0, 1), unknown layers, a rewind step beyond the
 *   training length, a mask from another architecture), and `ExperimentInterrupted` when stopped.
 */
export async function runImp(
  params: Params,
  data: LotteryDataSets,
  spec: ImpSpec,
  options: ImpOptions,
): Promise<ImpResult> {
  checkSchedule(spec);
  checkParams(spec.arch, params, "lottery");
  checkPruning(spec.arch, params, spec.pruning);
  if (options.initialMask) {
    try {
      options.initialMask.assertFits(params);
    } catch (err) {
      throw new Error(`lottery: the initial mask does not fit the params: ${(err as Error).message}`);
    }
  }
  // Register SIGINT listeners only after the cell's synchronous part: tslab runs it with vm's breakOnSigint,
  // and a listener added inside that window leaves Node's exit-on-SIGINT handler in place (the stop button
  // would kill the kernel).
  await yieldToEventLoop();
  const k = spec.rewindStep;
  const stop = new StopFlag(options.signal, options.handleSigint ?? true);
  const cbs = options.callbacks ?? {};
  const prefix = options.label ? `${options.label} · ` : "";
  let mask = options.initialMask?.clone() ?? Mask.ones(params, prunableParams(spec.arch));
  let rewind: Params | undefined;
  let trained: Params | undefined;
  const rounds: RoundResult[] = [];
  const masks: EncodedMask[] = [];
  try {
    for (let round = 0; round <= spec.numRounds; round++) {
      const label = `${prefix}round ${round}/${spec.numRounds} · ticket`;
      if (stop.stopped) throw new ExperimentInterrupted(label);
      if (trained) {
        const next = prune(spec.arch, trained, mask, spec.pruning);
        mask.dispose();
        mask = next;
        disposeParams(trained);
        trained = undefined;
      }
      const start = rewind ?? params;
      cbs.onRoundStart?.({ round, mask, start });
      const snaps = round === 0 && k > 0 ? snapshotsAt([k]) : undefined;
      const extra = round > 0 && rewind ? (cbs.companions?.({ round, mask, rewind }) ?? []) : [];
      let companions: RoundResult[] = [];
      try {
        const shared = {
          round,
          seed: options.seed,
          progress: options.progress,
          signal: options.signal,
          handleSigint: options.handleSigint,
          testWhen: options.testWhen,
        };
        const withTicket = cbs.train ? [] : extra.filter((c) => c.rewindStep === k && round > 0);
        if (withTicket.length === 0) {
          const run = await trainRound(start, mask, data, spec, {
            ...shared,
            kind: "ticket",
            numSteps: round === 0 ? spec.numSteps : spec.numSteps - k,
            rewindStep: round === 0 ? 0 : k,
            label,
            callbacks: [...(snaps ? [snaps.callbacks] : []), ...(cbs.train ? [cbs.train] : [])],
          });
          trained = run.params;
          rounds.push(run.result);
        } else {
          const kinds = ["ticket", ...withTicket.map((c) => c.kind)].join(" + ");
          const [ticket, ...others] = await trainRoundPopulation(
            [{ kind: "ticket", params: start, mask }, ...withTicket],
            data,
            spec,
            {
              ...shared,
              numSteps: spec.numSteps - k,
              rewindStep: k,
              label: `${prefix}round ${round}/${spec.numRounds} · ${kinds}`,
            },
          );
          trained = ticket.params;
          rounds.push(ticket.result);
          others.forEach((o) => disposeParams(o.params));
          companions = others.map((o) => o.result);
        }
        rewind ??= snaps ? snaps.take(k) : cloneParams(params);
        const apart = extra.filter((c) => !withTicket.includes(c));
        const results = new Map<Companion, RoundResult>(withTicket.map((c, i) => [c, companions[i]]));
        for (const group of new Set(apart.map((c) => c.rewindStep))) {
          const members = apart.filter((c) => c.rewindStep === group);
          const runOptions: Omit<RoundRunOptions, "kind" | "callbacks"> = {
            ...shared,
            numSteps: spec.numSteps - group,
            rewindStep: group,
            label: `${prefix}round ${round}/${spec.numRounds} · ${members.map((c) => c.kind).join(" + ")}`,
          };
          const runs = await trainRoundPopulation(members, data, spec, runOptions);
          runs.forEach((run, i) => {
            disposeParams(run.params);
            results.set(members[i], run.result);
          });
        }
        companions = extra.map((c) => results.get(c) as RoundResult);
      } finally {
        snaps?.dispose();
        extra.forEach((c) => c.dispose());
      }
      masks.push(encodeMask(mask));
      const verdict = await cbs.onRound?.({
        round,
        mask,
        rewind,
        trained,
        result: rounds[round],
        companions,
      });
      if (verdict === "stop") break;
    }
    if (stop.stopped) throw new ExperimentInterrupted(`${prefix}the last round`);
  } finally {
    stop.release();
    mask.dispose();
    if (rewind) disposeParams(rewind);
    if (trained) disposeParams(trained);
  }
  return { rounds, masks };
}
