import type { TwoLayerNet } from "./two-layer";

/** The convex ReLU solver's knobs. */
export interface ConvexReluOptions {
  /** Stop when the certified gap ≤ tolerance · the net's objective (default 1e-4). */
  readonly tolerance?: number;
  /** The FISTA iteration budget over all rounds (default 200000). */
  readonly maxIterations?: number;
  /** FISTA iterations per working-set round (default 3000). */
  readonly roundIterations?: number;
  /** Patterns added per round (default max(10, n)); the first set has this many. */
  readonly grow?: number;
  /** The first penalty weight δ (default 100/n, scnn's). */
  readonly delta?: number;
  /** Called after each round; return true to stop early (a stop button). */
  readonly onRound?: (info: ConvexReluProgress) => boolean | void;
}

/** The objective and its certificate at some point of the solve. */
export interface ConvexReluSummary {
  /** The convex objective ‖Σ D_i X̃ (v_i − w_i) + c − y‖²/n + λΣ(‖v_i‖ + ‖w_i‖). */
  readonly objective: number;
  /** The recovered net's weight-decayed non-convex objective: a feasible upper bound on the optimum. */
  readonly networkObjective: number;
  /** A certified lower bound on the program over all the given patterns (a dual value). */
  readonly lowerBound: number;
  /** networkObjective − lowerBound ≥ 0. */
  readonly gap: number;
  /** The largest cone violation max(0, −(2D_i − I) X̃ u_i). */
  readonly maxViolation: number;
}

/** Where the solve stands after a working-set round. */
export interface ConvexReluProgress extends ConvexReluSummary {
  readonly round: number;
  readonly iterations: number;
  /** Work so far in multiply-adds (FISTA's passes over the working set plus the NNLS pattern scoring). */
  readonly multiplyAdds: number;
}

/** A convex ReLU solve. */
export interface ConvexReluResult extends ConvexReluSummary {
  /** The recovered two-layer ReLU net (u = v/√‖v‖, α = √‖v‖; −√‖w‖ for the negative branch). */
  readonly net: TwoLayerNet;
  readonly rounds: number;
  readonly iterations: number;
  readonly multiplyAdds: number;
  /** The largest total of the solver's typed arrays (patterns, working-set multipliers, iterates), in bytes. */
  readonly bytes: number;
  /** Whether the certified relative gap reached the tolerance. If false, the net is not certified optimal. */
  readonly converged: boolean;
  /** P, the patterns given; and how many the working set used. */
  readonly numPatterns: number;
  readonly workingSet: number;
  readonly numNeurons: number;
}
