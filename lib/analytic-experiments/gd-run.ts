import { type Architecture, layersOf } from "../core/architecture";
import { deriveSeed } from "../core/rng";
import { initParams } from "../core/init";
import { disposeParams } from "../core/params";
import type { Dataset } from "../data/dataset";
import { trainUnit } from "../experiment/interrupted";
import type { ExperimentOptions } from "../experiment/options";
import type { ExperimentProgress } from "../experiment/progress";
import { netFromParams, weightDecayObjective, type TwoLayerNet } from "../solvers/two-layer";
import type { StepContext } from "../train/callbacks";

/** A gradient-descent run on the weight-decayed objective: its curve and its final net (plain JSON). */
export interface GdRun {
  readonly width: number;
  readonly seed: number;
  /** Steps at which the objective was measured (0 first). */
  readonly steps: number[];
  /** The non-convex objective mse + (λ/2)Σ‖·‖² at each of `steps`, in Float64 on the host. */
  readonly objective: number[];
  /** The final net. */
  readonly net: TwoLayerNet;
}

/** What a run needs: the data, λ, which biases the penalty covers, Adam's lr and the steps. */
export interface GdRunSpec {
  readonly data: Dataset;
  readonly lambda: number;
  /** Also penalise the hidden bias (to match the convex programs on [X, 1]). */
  readonly hiddenBiasPenalised: boolean;
  readonly width: number;
  readonly seed: number;
  readonly lr: number;
  readonly numSteps: number;
  readonly numCheckpoints: number;
  /** Kernel init and constant bias (the kit's defaults: Glorot normal, 0). */
  readonly biasValue?: number;
}

/**
 * Trains `mlp([d, width, 1])` full-batch with Adam on `mse + (λ/2)Σ‖·‖²` (train's `l2`), recording the objective
 * on the host at `numCheckpoints` evenly spaced steps. Tensors are freed before returning.
 *
 * @throws {@link ExperimentInterrupted} on the stop button.
 */
export async function gdRun(
  arch: Architecture,
  spec: GdRunSpec,
  progress: ExperimentProgress,
  options: ExperimentOptions,
  label: string,
): Promise<GdRun> {
  const { data, lambda, numSteps } = spec;
  const X = Float64Array.from(data.X);
  const y = Float64Array.from(data.y);
  const [hidden, out] = layersOf(arch);
  const l2Params = [hidden.paramNames.kernel, out.paramNames.kernel];
  if (spec.hiddenBiasPenalised) l2Params.push(hidden.paramNames.bias);
  const objectiveOf = (ctx: { params: StepContext["params"] }) =>
    weightDecayObjective(netFromParams(arch, ctx.params), X, y, lambda, spec.hiddenBiasPenalised);
  const every = Math.max(1, Math.floor(numSteps / spec.numCheckpoints));
  const init = initParams(arch, {
    seed: deriveSeed(spec.seed, `init/${spec.width}`),
    biasValue: spec.biasValue ?? 0,
  });
  const steps = [0];
  const objective = [objectiveOf({ params: init })];
  try {
    const run = await trainUnit(
      arch,
      init,
      { train: data },
      {
        optimizer: { kind: "adam", lr: spec.lr },
        seed: spec.seed,
        numSteps,
        batchSize: data.numExamples,
        loss: "mse",
        l2: { coefficient: lambda, params: l2Params },
        callbacks: {
          onStep: (ctx: StepContext) => {
            if (ctx.step % every !== 0 && ctx.step !== numSteps) return;
            steps.push(ctx.step);
            objective.push(objectiveOf(ctx));
          },
        },
        progress: progress.stage(label, numSteps),
        signal: options.signal,
        handleSigint: options.handleSigint,
        label,
      },
    );
    const net = netFromParams(arch, run.params);
    disposeParams(run.params);
    return { width: spec.width, seed: spec.seed, steps, objective, net };
  } finally {
    disposeParams(init);
  }
}
