import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams } from "../../lib/core/params";
import { magnitudeGlobal } from "../../lib/prune/magnitude-global";
import { magnitudeLayerwise } from "../../lib/prune/magnitude-layerwise";
import { randomPrune } from "../../lib/prune/random";
import { PRUNING_STRATEGIES, prune, registerPruningStrategy } from "../../lib/prune/registry";
import { pruneLowest } from "../../lib/prune/select";
import { snip } from "../../lib/prune/snip";
import type { PruneKind, PruningConfig } from "../../lib/prune/strategy";
import { resolveLayers } from "../../lib/prune/strategy";
import { synflow } from "../../lib/prune/synflow";
import type { Mask } from "../../lib/train/mask";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { disposeMasks, fullMask, keptOf, makeParams, maskSnapshot, snapshot } from "./helpers";

useBackend();

const BUILT_INS = ["magnitude-layerwise", "magnitude-global", "random", "snip", "synflow"];

describe("pruning strategy registry", () => {
  const arch = mlp([6, 8, 5, 3]);
  const params = makeParams(arch, 12);
  const X = tf.tensor2d(
    Array.from({ length: 12 }, (_, i) => ((i * 7) % 5) - 2),
    [2, 6],
  );
  const y = tf.tensor1d([2, 0], "int32");
  // Each built-in by config, and the same call made directly.
  const CASES: [PruningConfig, (m: Mask) => Mask][] = [
    [
      { kind: "magnitude-layerwise", rate: 0.2, outputRate: 0.1 },
      (m) => magnitudeLayerwise(arch, params, m, { rate: 0.2, outputRate: 0.1 }),
    ],
    [{ kind: "magnitude-global", rate: 0.2 }, (m) => magnitudeGlobal(arch, params, m, { rate: 0.2 })],
    [
      { kind: "random", seed: 3, rate: 0.5, layers: ["dense1/kernel"] },
      (m) => randomPrune(arch, params, m, { seed: 3, rate: 0.5, layers: ["dense1/kernel"] }),
    ],
    [{ kind: "snip", X, y, density: 0.5 }, (m) => snip(arch, params, m, { X, y, density: 0.5 })],
    [
      { kind: "synflow", density: 0.5, iterations: 4 },
      (m) => synflow(arch, params, m, { density: 0.5, iterations: 4 }),
    ],
  ];
  after(() => {
    disposeParams(params);
    tf.dispose([X, y]);
  });

  it("registers the five built-in strategies by kind", () => {
    assert.deepEqual(PRUNING_STRATEGIES.kinds.slice(0, 5), BUILT_INS);
    assert.deepEqual(
      CASES.map(([config]) => config.kind),
      BUILT_INS,
    );
  });

  for (const [config, direct] of CASES) {
    it(`dispatches { kind: "${config.kind}", ... }: the direct call's mask, sparser; inputs untouched; no leaks`, async () => {
      const m0 = fullMask(arch);
      const before = { p: snapshot(params), m: maskSnapshot(m0) };
      await assertNoLeaks(() => {
        const m1 = prune(arch, params, m0, config);
        const again = direct(m0);
        assert.notEqual(m1, m0);
        assert.deepEqual(m1.names, ["dense0/kernel", "dense1/kernel", "dense2/kernel"]);
        assert.ok(m1.numKept < m0.numKept);
        assert.deepEqual(maskSnapshot(m1), maskSnapshot(again));
        disposeMasks(m1, again);
      });
      assert.deepEqual(snapshot(params), before.p);
      assert.deepEqual(maskSnapshot(m0), before.m);
      m0.dispose();
    });
  }

  it("rejects an unknown kind, naming the closest one and the known ones", () => {
    const m0 = fullMask(arch);
    assert.throws(() => prune(arch, params, m0, { kind: "magnitude-globl", rate: 0.2 }), {
      message:
        'unknown pruning strategy "magnitude-globl"; did you mean "magnitude-global"? known: ' +
        PRUNING_STRATEGIES.kinds.join(", "),
    });
    assert.throws(() => prune(arch, params, m0, "magnitude-global" as unknown as PruningConfig), {
      message:
        'prune: expected { kind, ...options }, e.g. { kind: "magnitude-global", rate: 0.2 }; got a string ("magnitude-global")',
    });
    m0.dispose();
  });

  it("rejects a misspelled option, naming the closest valid one", () => {
    const m0 = fullMask(arch);
    assert.throws(() => prune(arch, params, m0, { kind: "magnitude-global", rat: 0.2 }), {
      message:
        'magnitude-global: unknown option "rat"; did you mean "rate"? (the options are kind, rate, layers)',
    });
    assert.throws(() => prune(arch, params, m0, { kind: "synflow", density: 0.5, iteration: 3 }), {
      message:
        'synflow: unknown option "iteration"; did you mean "iterations"? (the options are kind, density, iterations, layers)',
    });
    m0.dispose();
  });

  it("rejects an option of the wrong type, naming the type, and a missing required one", () => {
    const m0 = fullMask(arch);
    assert.throws(() => prune(arch, params, m0, { kind: "magnitude-layerwise", rate: "0.2" }), {
      message: 'magnitude-layerwise: rate must be a number; got a string ("0.2")',
    });
    assert.throws(() => prune(arch, params, m0, { kind: "snip", X: [[1, 2]], y, density: 0.5 }), {
      message: "snip: X must be a tensor; got an array",
    });
    assert.throws(() => prune(arch, params, m0, { kind: "random", rate: 0.2 }), {
      message: 'random: option "seed" is missing (a number)',
    });
    m0.dispose();
  });

  it("leaves value ranges to the strategy", () => {
    const m0 = fullMask(arch);
    assert.throws(() => prune(arch, params, m0, { kind: "magnitude-global", rate: 1.5 }), {
      message: "magnitude-global: rate must be in (0, 1); got 1.5",
    });
    assert.throws(() => prune(arch, params, m0, { kind: "random", seed: 1, layers: ["dense1/bias"] }), {
      message: "random: cannot prune dense1/bias: biases are never pruned",
    });
    m0.dispose();
  });
});

describe("registerPruningStrategy", () => {
  const arch = mlp([4, 5, 3]);
  const params = makeParams(arch, 1);
  after(() => disposeParams(params));

  // A toy strategy: prune the first `count` kept weights of each chosen layer, in row-major order.
  interface FirstOptions {
    readonly count: number;
    readonly layers?: readonly string[];
  }
  const first: PruneKind<FirstOptions> = {
    kind: "first",
    options: { count: "number", layers: "array?" },
    prune(a, _params, mask, options) {
      const layers = resolveLayers("first", a, options.layers, ["dense0/kernel"]);
      const scores = Object.fromEntries(
        layers.map((name) => [name, Array.from((mask.get(name) as tf.Tensor).dataSync(), (_, i) => i)]),
      );
      return pruneLowest("first", a, mask, scores, [{ layers, count: () => options.count }]);
    },
  };

  it("makes prune() dispatch to a new kind and check its options", async () => {
    registerPruningStrategy(first);
    assert.ok(PRUNING_STRATEGIES.has("first"));
    const m0 = fullMask(arch);
    await assertNoLeaks(() => {
      const m1 = prune(arch, params, m0, { kind: "first", count: 3 });
      assert.deepEqual(
        Array.from((m1.get("dense0/kernel") as tf.Tensor).dataSync()).slice(0, 5),
        [0, 0, 0, 1, 1],
      );
      assert.equal(keptOf(m1, "dense0/kernel"), 17);
      assert.equal(keptOf(m1, "dense1/kernel"), 15);
      m1.dispose();
    });
    assert.throws(() => prune(arch, params, m0, { kind: "first", cont: 3 }), {
      message: 'first: unknown option "cont"; did you mean "count"? (the options are kind, count, layers)',
    });
    assert.throws(() => registerPruningStrategy(first), {
      message: 'pruning strategy "first" is already registered; pick another kind name',
    });
    m0.dispose();
  });
});
