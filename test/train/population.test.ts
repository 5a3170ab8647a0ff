import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { mlp, prunableParams } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams, type Params } from "../../lib/core/params";
import type { OptimizerConfig } from "../../lib/optim/optimizer";
import { randomMaskLike } from "../../lib/prune/random";
import { Mask } from "../../lib/train/mask";
import { trainPopulation } from "../../lib/train/population";
import { train } from "../../lib/train/train";
import type { TrainResult } from "../../lib/train/train-result";
import { assertNoLeaks, describeOnBackends } from "../helpers/tf";
import { ARCH, moons } from "./train-fixture";

const data = { train: moons.train, val: moons.test, test: moons.test };
const base = { seed: 3, numSteps: 40, batchSize: 20, evalEvery: 10, handleSigint: false } as const;

/** Asserts two runs are the same bit for bit: params, losses, evaluations, early stop. */
function assertSameRun(pop: TrainResult, lone: TrainResult, what: string): void {
  assert.deepEqual(Object.keys(pop.params), Object.keys(lone.params), what);
  for (const name of Object.keys(lone.params)) {
    assert.deepEqual(pop.params[name].shape, lone.params[name].shape, `${what} ${name}`);
    assert.deepEqual(pop.params[name].dataSync(), lone.params[name].dataSync(), `${what}: ${name} differs`);
  }
  assert.deepEqual(pop.trainLoss, lone.trainLoss, `${what}: losses`);
  assert.deepEqual(pop.evals, lone.evals, `${what}: evaluations`);
  assert.equal(pop.earlyStopStep, lone.earlyStopStep, `${what}: early-stopping iteration`);
  assert.equal(pop.numSteps, lone.numSteps, `${what}: steps`);
  assert.equal(pop.stoppedEarly, lone.stoppedEarly, `${what}: stoppedEarly`);
}

/** Trains a population and each member alone, and asserts every member equals its lone run. */
async function assertEqualsLoneRuns(
  initials: Params[],
  masks: (Mask | undefined)[] | undefined,
  extra: Record<string, unknown>,
  arch = ARCH,
): Promise<void> {
  await assertNoLeaks(async () => {
    const options = { ...base, optimizer: { kind: "sgd", lr: 0.2 } as OptimizerConfig, ...extra };
    const pop = await trainPopulation(arch, initials, data, { ...options, masks });
    try {
      assert.equal(pop.length, initials.length);
      for (let k = 0; k < initials.length; k++) {
        const lone = await train(arch, initials[k], data, { ...options, mask: masks?.[k] });
        try {
          assertSameRun(pop[k], lone, `member ${k}`);
        } finally {
          disposeParams(lone.params);
        }
      }
    } finally {
      pop.forEach((r) => disposeParams(r.params));
    }
  });
}

describeOnBackends("trainPopulation", () => {
  const inits = () => [0, 1, 2].map((seed) => initParams(ARCH, { seed }));

  for (const optimizer of [
    { kind: "sgd", lr: 0.2 },
    { kind: "momentum", lr: 0.1 },
    { kind: "adam", lr: 0.01 },
  ]) {
    it(`equals K lone runs bit for bit (${optimizer.kind}, masks on some members)`, async () => {
      const initials = inits();
      const ones = Mask.ones(initials[0], prunableParams(ARCH));
      const masks = [randomMaskLike(ones, 7), undefined, randomMaskLike(ones, 8)];
      ones.dispose();
      try {
        await assertEqualsLoneRuns(initials, masks, { optimizer });
      } finally {
        initials.forEach(disposeParams);
        masks.forEach((m) => m?.dispose());
      }
    });
  }

  it("keeps each member's own early stop (patience), ℓ2 penalty and frozen params", async () => {
    const initials = inits();
    try {
      await assertEqualsLoneRuns(initials, undefined, {
        optimizer: { kind: "adam", lr: 0.3 },
        numSteps: 120,
        evalEvery: 5,
        patience: 2,
        l2: { coefficient: 1e-3 },
        frozen: ["dense1/bias"],
      });
    } finally {
      initials.forEach(disposeParams);
    }
  });

  it("trains one member, a single-layer and a deeper net the same way", async () => {
    for (const arch of [mlp([2, 2]), mlp([2, 8, 8, 8, 2], { activation: "tanh" })]) {
      const initials = [0, 1].map((seed) => initParams(arch, { seed }));
      try {
        await assertEqualsLoneRuns(initials.slice(0, 1), undefined, {}, arch);
        await assertEqualsLoneRuns(initials, undefined, { optimizer: { kind: "adam", lr: 0.01 } }, arch);
      } finally {
        initials.forEach(disposeParams);
      }
    }
  });
});

describe('trainPopulation: testWhen "improved"', () => {
  it('reports each member\'s best, early stop and last test as "always" does, bit for bit', async () => {
    const initials = [0, 1, 2].map((seed) => initParams(ARCH, { seed }));
    const options = {
      ...base,
      optimizer: { kind: "adam", lr: 0.3 },
      numSteps: 120,
      evalEvery: 5,
      patience: 3,
    };
    try {
      await assertNoLeaks(async () => {
        const always = await trainPopulation(ARCH, initials, data, options);
        const improved = await trainPopulation(ARCH, initials, data, { ...options, testWhen: "improved" });
        try {
          assert.ok(
            always.some((r) => r.stoppedEarly && r.numSteps < 120),
            "a member stops on patience (its kept params are tested)",
          );
          let skipped = 0;
          always.forEach((a, k) => {
            const e = improved[k];
            const n = a.evals.length;
            assert.deepEqual(e.best, a.best, `member ${k}: best`);
            assert.equal(e.earlyStopStep, a.earlyStopStep, `member ${k}: early stop`);
            assert.equal(e.evals.length, n, `member ${k}: evaluations`);
            assert.deepEqual(e.evals[n - 1], a.evals[n - 1], `member ${k}: last evaluation`);
            let min = Infinity;
            for (let i = 0; i < n - 1; i++) {
              const improving = a.evals[i].val!.loss < min;
              min = Math.min(min, a.evals[i].val!.loss);
              assert.deepEqual(e.evals[i], improving ? a.evals[i] : { ...a.evals[i], test: undefined });
              if (!improving) skipped++;
            }
          });
          assert.ok(skipped > 0, "some evaluations skip the test set");
        } finally {
          [...always, ...improved].forEach((r) => disposeParams(r.params));
        }
      });
    } finally {
      initials.forEach(disposeParams);
    }
  });

  it("needs a val set", async () => {
    const a = initParams(ARCH, { seed: 0 });
    try {
      const opts = { ...base, optimizer: { kind: "sgd", lr: 0.1 }, testWhen: "improved" } as const;
      await assert.rejects(
        trainPopulation(ARCH, [a], { train: data.train, test: data.test }, opts),
        /trainPopulation: member 0: train: testWhen "improved" needs data.val .*pass data.val or use testWhen "always"/,
      );
    } finally {
      disposeParams(a);
    }
  });
});

describe("trainPopulation: bad input", () => {
  const opts = { ...base, optimizer: { kind: "sgd", lr: 0.1 } };

  it("refuses an empty population, members of another architecture and a mask count that is off", async () => {
    await assert.rejects(trainPopulation(ARCH, [], data, opts), /at least one member's params; got an empty/);
    const a = initParams(ARCH, { seed: 0 });
    const b = initParams(mlp([2, 8, 2]), { seed: 0 });
    try {
      await assertNoLeaks(async () => {
        await assert.rejects(
          trainPopulation(ARCH, [a, b], data, opts),
          /trainPopulation: member 1: .*dense0/,
        );
        await assert.rejects(
          trainPopulation(ARCH, [a, a], data, { ...opts, masks: [undefined] }),
          /masks must hold one entry \(a Mask or undefined\) per member, 2; got 1 entries/,
        );
      });
    } finally {
      disposeParams(a);
      disposeParams(b);
    }
  });

  it("names the alternatives for what a population cannot train", async () => {
    const a = initParams(ARCH, { seed: 0 });
    try {
      await assert.rejects(
        trainPopulation(ARCH, [a], data, { ...opts, optimizer: { kind: "muon", lr: 0.02 } }),
        /optimizer "muon" is not elementwise; a population trains with sgd, momentum, adam/,
      );
      const withMask = { ...opts, mask: undefined, callbacks: {} } as unknown as typeof opts;
      await assert.rejects(trainPopulation(ARCH, [a], data, withMask), /option "callbacks" is not supported/);
      const hinge = {
        inDim: 2,
        layers: [
          { kind: "hinge", knots: 3 },
          { kind: "dense", units: 2 },
        ],
      };
      const hp = initParams(hinge, { seed: 0 });
      try {
        await assert.rejects(trainPopulation(hinge, [hp], data, opts), /layer hinge0 is of kind hinge/);
      } finally {
        disposeParams(hp);
      }
    } finally {
      disposeParams(a);
    }
  });
});
