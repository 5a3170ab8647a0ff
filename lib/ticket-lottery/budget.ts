import type { TicketConfig } from "./config";

/** The arms of the protocol (issue 17): A, B by each reduction, C, D, E. */
export const TICKET_ARMS = ["A", "B-prune", "B-fold", "B-distill", "C", "D", "E"] as const;

/** One arm's name. */
export type TicketArm = (typeof TICKET_ARMS)[number];

/** What each arm does, for legends and tables. */
export const TICKET_ARM_LABELS: Readonly<Record<TicketArm, string>> = {
  A: "A: best of N at w",
  "B-prune": "B: best of N at 2w → prune",
  "B-fold": "B: best of N at 2w → fold + repair",
  "B-distill": "B: best of N at 2w → distil",
  C: "C: one init at w",
  D: "D: one init at 2w",
  E: "E: dense 2w, then IMP",
};

/**
 * The compute of a distillation step beyond the student's own: the teacher's forward pass, a third of a
 * training step of its width (forward, and the two matMuls per layer of the backward pass).
 */
export const TEACHER_FORWARD_COST = 1 / 3;

/** One phase of an arm: `runs` runs of `steps` steps each, each step costing `cost` unit-steps. */
export interface Phase {
  readonly name: "screen" | "wide" | "train" | "distill" | "dense" | "imp" | "imp-rest";
  readonly runs: number;
  readonly steps: number;
  /** Width × steps accounting: a width-u training step costs u (a distillation step u + 2w/3). */
  readonly cost: number;
}

/** An arm's schedule and what it spends. */
export interface ArmPlan {
  readonly arm: TicketArm;
  readonly phases: readonly Phase[];
  /** Σ runs · steps · cost; at most the budget, and less by under one step of the last phase. */
  readonly spent: number;
}

const spentOf = (phases: readonly Phase[]) => phases.reduce((s, p) => s + p.runs * p.steps * p.cost, 0);

/** The phases that fill `left` unit-steps with steps of `cost`, appended to `head`. */
function fill(arm: TicketArm, head: Phase[], name: Phase["name"], cost: number, budget: number): ArmPlan {
  const steps = Math.floor((budget - spentOf(head)) / cost);
  const phases = [...head, { name, runs: 1, steps, cost }];
  return { arm, phases, spent: spentOf(phases) };
}

/**
 * Every arm's schedule at the budget `B = w × numSteps` (width × steps; evaluation is not charged):
 * - A: N inits at w for k steps each, then the pick trains on for ⌊(B − N·w·k)/w⌋ steps;
 * - B: N inits at 2w for k steps, the pick trains on at 2w for `wideSteps`, is reduced to w (pruned, folded;
 *   free) and trains on for the rest, or a fresh width-w student distils from it for the rest at w + 2w/3 a step;
 * - C: one init at w for numSteps; D: one init at 2w for ⌊B/2w⌋ steps;
 * - E: IMP at 2w: a dense run of s steps and `imp.numRounds` rounds of s − rewindStep, then the last ticket
 *   trains on for the few steps left, so E too ends within one step of B.
 *
 * @returns the budget and one plan per arm, in {@link TICKET_ARMS} order.
 */
export function planArms(config: TicketConfig): { budget: number; arms: ArmPlan[] } {
  const w = config.sizes[1];
  const [N, k, B] = [config.numInits, config.screenSteps, w * config.numSteps];
  const { numRounds: R, rewindStep: r } = config.imp;
  const wideHead: Phase[] = [
    { name: "screen", runs: N, steps: k, cost: 2 * w },
    { name: "wide", runs: 1, steps: config.wideSteps, cost: 2 * w },
  ];
  const s = Math.floor((B / (2 * w) + R * r) / (R + 1));
  const impHead: Phase[] = [
    { name: "dense", runs: 1, steps: s, cost: 2 * w },
    { name: "imp", runs: R, steps: s - r, cost: 2 * w },
  ];
  const arms = [
    fill("A", [{ name: "screen", runs: N, steps: k, cost: w }], "train", w, B),
    fill("B-prune", wideHead, "train", w, B),
    fill("B-fold", wideHead, "train", w, B),
    fill("B-distill", wideHead, "distill", w + 2 * w * TEACHER_FORWARD_COST, B),
    fill("C", [], "train", w, B),
    fill("D", [], "train", 2 * w, B),
    fill("E", impHead, "imp-rest", 2 * w, B),
  ];
  return { budget: B, arms };
}

/** The plan of one arm. */
export function armPlan(config: TicketConfig, arm: TicketArm): ArmPlan {
  return planArms(config).arms.find((p) => p.arm === arm) as ArmPlan;
}

/** The steps of one phase of an arm's plan (0 when the arm has no such phase). */
export function phaseSteps(plan: ArmPlan, name: Phase["name"]): number {
  return plan.phases.find((p) => p.name === name)?.steps ?? 0;
}
