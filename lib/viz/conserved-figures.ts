import type { Figure } from "./figure";
import { lineBands } from "./lines";
import type { ConservedSweep } from "../gauge-experiments/conserved-sweep";

/**
 * The sweep on log-log axes against lr: the drift of `q` per neuron next to the motion of its terms
 * `‖w_in‖² + b²`. The gap between the lines is how well SGD conserves `q`; it closes like lr.
 */
export function conservedSweepFigure(sweep: ConservedSweep): Figure {
  const x = sweep.rows.map((r) => r.lr);
  return lineBands(
    [
      { name: "mean |Δq|, q = ‖w_in‖² + b² − ‖w_out‖²", x, ys: [sweep.rows.map((r) => r.meanAbsDrift)] },
      { name: "mean |Δ(‖w_in‖² + b²)|", x, ys: [sweep.rows.map((r) => r.meanAbsNormChange)] },
    ],
    {
      title: "SGD at a fixed time T = lr · numSteps: what moves and what is conserved",
      xTitle: "learning rate",
      yTitle: "mean absolute change per neuron",
      logX: true,
      logY: true,
    },
  );
}

/**
 * The drift of `q` during training, one line per lr, against gradient-flow time `lr · step` (log y): at every
 * moment of the same flow, smaller steps have drifted less.
 */
export function conservedTrajectoryFigure(sweep: ConservedSweep): Figure {
  return lineBands(
    sweep.trajectories.map((t) => ({ name: `lr = ${t.lr}`, x: t.time, ys: [t.meanAbsDrift] })),
    {
      title: "Drift of q during training, at equal gradient-flow time",
      xTitle: "gradient-flow time lr · step",
      yTitle: "mean |q(t) − q(0)| per neuron",
      logY: true,
    },
  );
}
