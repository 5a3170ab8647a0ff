import { fista } from "./fista";
import { groupPenalty, groupProx, type GroupIndex } from "./groups";
import { checkProgram, type CheckedProgram, type ConvexProgram } from "./program-input";
import { patternSubset } from "./pattern-subset";
import { recoverNet } from "./recover";
import { dualCandidate, dualScores, reluLowerBound } from "./relu-dual";
import { ReluProgram } from "./relu-program";
import { weightDecayObjective, type TwoLayerNet } from "./two-layer";
import type { ConvexReluOptions, ConvexReluProgress, ConvexReluResult } from "./convex-relu-types";

export type { ConvexReluOptions, ConvexReluProgress, ConvexReluResult } from "./convex-relu-types";

/**
 * Solves the convex ReLU program (Pilanci & Ergen 2020) over the given patterns:
 * `min ‖Σ_i D_i X̃ (v_i − w_i) + c − y‖²/n + λ Σ_i (‖v_i‖₂ + ‖w_i‖₂)` subject to the cones
 * (2D_i − I) X̃ v_i ≥ 0 and (2D_i − I) X̃ w_i ≥ 0, with X̃ = [X, 1] under `bias` (the hidden bias is then in the
 * penalised group) and c the free output bias. Normalisation: the kit's mse; scnn's λ is λ/2.
 *
 * Method: a working set of patterns, each round solved by scnn's augmented Lagrangian (FISTA with backtracking
 * and restarts on the augmented objective, then γ ← max(γ − δ(2D − I)X̃v, 0), δ doubled while the violation
 * falls by less than 4×). After each round, every pattern's dual constraint is scored by an NNLS at θ = 2r/n;
 * the most violated join the set. Stopping criterion: a certified duality gap over all the patterns, between the
 * recovered net (always feasible) and the dual bound, ≤ tolerance · the net's objective.
 *
 * With every pattern present (enumeratePatterns) the optimum equals the minimum over two-layer ReLU nets of any
 * width of `mse + (λ/2) Σ_j (‖u_j‖² + b_j² + α_j²)` (b_j penalised under `bias`; the output bias free).
 *
 * @returns host arrays only; nothing to dispose. `converged: false` means the budget ran out first.
 * @throws as {@link checkProgram}: λ ≤ 0, mismatched X / y / patterns.
 */
export function solveConvexRelu(problem: ConvexProgram, options: ConvexReluOptions = {}): ConvexReluResult {
  const input = checkProgram(problem, "solveConvexRelu");
  const { Xt, y, lambda, patterns: all, intercept } = input;
  const n = y.length;
  const p = all.p;
  const tolerance = options.tolerance ?? 1e-4;
  const grow = options.grow ?? Math.max(10, n);
  const budget = options.maxIterations ?? 200000;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let theta = dualCandidate(
    y.map((v) => meanY - v),
    intercept,
  );
  let scores = dualScores(Xt, all, theta);
  let work = 2 * all.count * n * p;
  let working = topViolated(scores, new Set(), lambda, grow, true);
  let x = new Float64Array(2 * working.length * p + (intercept ? 1 : 0));
  if (intercept) x[x.length - 1] = meanY;
  let gamma = new Float64Array(2 * working.length * n);
  let delta = options.delta ?? 100 / n;
  let iterations = 0;
  let rounds = 0;
  let state: ReturnType<typeof assess> | undefined;
  let converged = false;
  let bytes = 0;
  while (iterations < budget) {
    rounds++;
    const prog = new ReluProgram(Xt, y, patternSubset(all, working), intercept, delta);
    prog.gamma.set(gamma);
    const al = augmentedLagrangian(prog, x, lambda, options.roundIterations ?? 3000);
    iterations += al.iterations;
    work += al.passes * working.length * 2 * n * p;
    x = al.x;
    delta = prog.delta;
    gamma = prog.gamma;
    prog.smooth(x);
    theta = dualCandidate(prog.residual, intercept);
    scores = dualScores(Xt, all, theta);
    work += 2 * all.count * n * p;
    state = assess(input, prog, x, working, reluLowerBound(theta, y, scores, lambda));
    bytes = Math.max(bytes, prog.bytes() + 10 * 8 * x.length + all.masks.byteLength + 8 * all.count);
    converged = state.gap <= tolerance * Math.abs(state.networkObjective);
    const info: ConvexReluProgress = { round: rounds, iterations, multiplyAdds: work, ...state.summary };
    if (converged || options.onRound?.(info) === true) break;
    const added = topViolated(scores, new Set(working), lambda, grow, false);
    if (added.length > 0) {
      const P0 = working.length;
      working = [...working, ...added];
      x = remap(x, P0, working.length, p, intercept ? 1 : 0);
      gamma = remap(gamma, P0, working.length, n, 0);
    }
  }
  if (!state) throw new Error("solveConvexRelu: maxIterations must be ≥ 1");
  return {
    ...state.summary,
    net: state.net,
    rounds,
    iterations,
    multiplyAdds: work,
    bytes,
    converged,
    numPatterns: all.count,
    workingSet: working.length,
    numNeurons: state.net.alpha.length,
  };
}

/** The `count` highest-scoring patterns outside `exclude` with a score > λ (or any score when `seed`). */
function topViolated(
  scores: Float64Array,
  exclude: Set<number>,
  lambda: number,
  count: number,
  seed: boolean,
) {
  const idx = [...scores.keys()].filter((i) => !exclude.has(i) && (seed || scores[i] > lambda * (1 + 1e-9)));
  idx.sort((a, b) => scores[b] - scores[a]);
  return idx.slice(0, count);
}

/** Copies per-block data (v blocks, then w blocks, then `tail` extras) from P0 to P1 ≥ P0 blocks. */
function remap(a: Float64Array, P0: number, P1: number, stride: number, tail: number): Float64Array {
  const out = new Float64Array(2 * P1 * stride + tail);
  out.set(a.subarray(0, P0 * stride), 0);
  out.set(a.subarray(P0 * stride, 2 * P0 * stride), P1 * stride);
  if (tail) out.set(a.subarray(2 * P0 * stride), 2 * P1 * stride);
  return out;
}

function blockIndex(P: number, p: number, dim: number, intercept: boolean): GroupIndex {
  const labels = new Int32Array(dim);
  for (let j = 0; j < 2 * P * p; j++) labels[j] = Math.floor(j / p);
  if (intercept) labels[dim - 1] = -1;
  return { labels, numGroups: 2 * P, free: intercept ? [dim - 1] : [] };
}

/** scnn's augmented Lagrangian on a fixed pattern set, for up to `maxIterations` FISTA iterations. */
function augmentedLagrangian(prog: ReluProgram, x0: Float64Array, lambda: number, maxIterations: number) {
  const index = blockIndex(prog.P, prog.p, prog.dim, prog.intercept);
  let x = x0;
  let step = 10;
  let iterations = 0;
  let passes = 0;
  let previous = Infinity;
  while (iterations < maxIterations) {
    const run = fista(
      {
        smooth: (w, grad) => {
          passes += grad ? 2 : 1;
          return prog.smooth(w, grad);
        },
        prox: (pt, eta, out) => groupProx(pt, eta * lambda, index, out),
        w0: x,
      },
      { maxIterations: Math.min(500, maxIterations - iterations), step, tolerance: 1e-10 },
    );
    x = run.w;
    step = run.step;
    iterations += run.iterations;
    prog.smooth(x);
    passes++;
    prog.updateMultipliers();
    let violation = 0;
    for (const c of prog.constraints(x)) violation = Math.max(violation, -c);
    if (violation <= 1e-9 && run.stopped) break;
    // δ stays moderate (large δ makes the steps tiny): grow it only while the violation is large and slow to fall.
    if (violation > 1e-4 && violation > 0.25 * previous) prog.delta *= 2;
    else if (violation < 1e-7 && prog.delta > 1e-3) prog.delta /= 2;
    previous = violation;
  }
  return { x, iterations, passes };
}

/** The objective, the recovered net and its objective, the bound and the violation at x. */
function assess(
  input: CheckedProgram,
  prog: ReluProgram,
  x: Float64Array,
  working: number[],
  lowerBound: number,
) {
  const { X, d, y, lambda, bias, intercept } = input;
  prog.smooth(x);
  const mse = prog.residual.reduce((a, r) => a + r * r, 0) / y.length;
  const objective = mse + groupPenalty(x, blockIndex(prog.P, prog.p, prog.dim, intercept), lambda);
  const net: TwoLayerNet = recoverNet(x, prog.P, d, bias, intercept);
  const networkObjective = weightDecayObjective(net, X, y, lambda, bias);
  let maxViolation = 0;
  for (const c of prog.constraints(x)) maxViolation = Math.max(maxViolation, -c);
  void working;
  const summary = {
    objective,
    networkObjective,
    lowerBound,
    gap: networkObjective - lowerBound,
    maxViolation,
  };
  return { net, summary, ...summary };
}
