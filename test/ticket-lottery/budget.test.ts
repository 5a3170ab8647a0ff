import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { armPlan, planArms, TICKET_ARMS } from "../../lib/ticket-lottery/budget";
import {
  checkTicketConfig,
  DEFAULT_TICKET,
  QUICK_TICKET,
  type TicketConfig,
} from "../../lib/ticket-lottery/config";

describe("ticket lottery budget", () => {
  const configs: TicketConfig[] = [
    DEFAULT_TICKET,
    QUICK_TICKET,
    { ...DEFAULT_TICKET, sizes: [784, 37, 10], numSteps: 1111, numInits: 5, screenSteps: 13, wideSteps: 41 },
    { ...DEFAULT_TICKET, numInits: 2, screenSteps: 1, wideSteps: 0, imp: { numRounds: 3, rewindStep: 7 } },
  ];

  it("gives every arm the budget w × numSteps to within one step of its last phase", () => {
    for (const config of configs) {
      const { budget, arms } = planArms(config);
      assert.equal(budget, config.sizes[1] * config.numSteps);
      assert.deepEqual(
        arms.map((a) => a.arm),
        [...TICKET_ARMS],
      );
      for (const arm of arms) {
        const last = arm.phases[arm.phases.length - 1];
        assert.ok(arm.spent <= budget + 1e-9, `${arm.arm} overspends: ${arm.spent} > ${budget}`);
        assert.ok(
          budget - arm.spent < last.cost,
          `${arm.arm} leaves ${budget - arm.spent} ≥ one step (${last.cost})`,
        );
        assert.ok(arm.phases.every((p) => Number.isInteger(p.steps) && p.steps >= 0));
      }
    }
  });

  it("charges what the issue says: A screens N·w·k, D trains half the steps, distillation pays the teacher's forward", () => {
    const c = DEFAULT_TICKET;
    const w = c.sizes[1];
    const a = armPlan(c, "A");
    assert.deepEqual(a.phases[0], { name: "screen", runs: c.numInits, steps: c.screenSteps, cost: w });
    assert.equal(a.phases[1].steps, c.numSteps - c.numInits * c.screenSteps);
    assert.equal(armPlan(c, "D").phases[0].steps, c.numSteps / 2);
    assert.equal(armPlan(c, "C").phases[0].steps, c.numSteps);
    const distill = armPlan(c, "B-distill");
    assert.equal(distill.phases[2].cost, w + (2 * w) / 3);
    const prune = armPlan(c, "B-prune");
    assert.equal(prune.phases[2].steps, c.numSteps - 2 * c.numInits * c.screenSteps - 2 * c.wideSteps);
  });

  it("refuses N < 2, a k beyond the budget, and a rewind step IMP cannot afford, naming the option", () => {
    assert.throws(() => checkTicketConfig({ ...DEFAULT_TICKET, numInits: 1 }), {
      message: "ticket lottery: numInits must be an integer ≥ 2 (one init has nothing to pick from); got 1",
    });
    assert.throws(
      () => checkTicketConfig({ ...DEFAULT_TICKET, screenSteps: 200 }),
      /ticket lottery: screenSteps 200 is beyond the budget: screening 8 inits at width 2w for 200 steps/,
    );
    assert.throws(
      () => checkTicketConfig({ ...DEFAULT_TICKET, screenSteps: 0 }),
      /screenSteps must be a positive integer; got 0/,
    );
    assert.throws(
      () => checkTicketConfig({ ...DEFAULT_TICKET, imp: { numRounds: 2, rewindStep: 400 } }),
      /ticket lottery: imp.rewindStep must be an integer in \[0, 334\)/,
    );
    assert.throws(
      () => checkTicketConfig({ ...DEFAULT_TICKET, numInit: 3 } as TicketConfig),
      /did you mean "numInits"/,
    );
  });
});
