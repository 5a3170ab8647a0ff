import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type { Params } from "../../lib/core/params";
import { isCached } from "../../lib/experiment/experiment";
import { LOTTERY, runLottery } from "../../lib/lottery/run";
import { checkLr, type OptimizerConfig, type OptimizerKind } from "../../lib/optim/optimizer";
import { registerOptimizer } from "../../lib/optim/registry";
import { assertNoLeaks, useBackend } from "../helpers/tf";
import { TINY, tempDir } from "./helpers";

useBackend();

/** A toy optimizer, sign-SGD: `W ← W − lr · sign(g)`. */
interface SignSgdConfig extends OptimizerConfig {
  readonly kind: "sign-sgd";
  readonly lr: number;
}

let created = 0;

/** The whole optimizer: one object (this would be its own file in lib/optim) ... */
const signSgd: OptimizerKind<SignSgdConfig> = {
  kind: "sign-sgd",
  options: { lr: "number" },
  create({ lr }) {
    checkLr(lr, "sign-sgd");
    created++;
    return {
      name: `sign-sgd(lr=${lr})`,
      step: (params: Params, grads: Params) =>
        tf.tidy(() => {
          const out: Record<string, tf.Tensor> = {};
          for (const [name, g] of Object.entries(grads))
            out[name] = tf.sub(params[name], tf.mul(tf.sign(g), lr));
          return out;
        }),
      dispose() {},
    };
  },
};

// ... plus one registration.
registerOptimizer(signSgd);

describe("a registered toy optimizer in an experiment config", () => {
  const config = { ...TINY, numRounds: 1, controls: [], optimizer: { kind: "sign-sgd", lr: 0.01 } };

  it("trains a lottery run, which is cached under its config", async () => {
    const cacheDir = tempDir();
    const run = await assertNoLeaks(() => runLottery(config, 0, { cacheDir }));
    assert.equal(created, 2, "one optimizer per round (dense, then the ticket)");
    assert.deepEqual(
      run.rounds.map((r) => r.round),
      [0, 1],
    );
    const dense = run.rounds[0];
    const valLoss = dense.curve.valLoss;
    assert.ok(valLoss[valLoss.length - 1] < 0.95 * valLoss[0], `sign-SGD trained: val loss ${valLoss}`);
    assert.ok(dense.finalTestAcc > 0.4, `above chance (1/3): test accuracy ${dense.finalTestAcc}`);
    assert.ok(isCached(LOTTERY, { config, seed: 0 }, cacheDir));
    assert.deepEqual(await runLottery(config, 0, { cacheDir }), run, "a cache hit");
    assert.equal(created, 2, "the cache hit trained nothing");
    // The optimizer is part of the key: another kind with the same lr is another experiment.
    const sgd = await runLottery({ ...config, optimizer: { kind: "sgd", lr: 0.01 } }, 0, { cacheDir });
    const sgdLoss = sgd.rounds[0].curve.valLoss;
    assert.equal(sgdLoss[0], valLoss[0], "the same init");
    assert.ok(valLoss[valLoss.length - 1] < sgdLoss[sgdLoss.length - 1], "sign-SGD is not plain SGD");
    assert.equal(fs.readdirSync(cacheDir).length, 2);
  });

  it("has its options checked by the registry, naming the closest", async () => {
    const cacheDir = tempDir();
    await assert.rejects(
      runLottery({ ...config, optimizer: { kind: "sign-sgd", Lr: 0.01 } }, 0, { cacheDir }),
      {
        message: /optimizer sign-sgd: unknown option "Lr"; did you mean "lr"\?/,
      },
    );
    await assert.rejects(
      runLottery({ ...config, optimizer: { kind: "sign-sdg", lr: 0.01 } }, 0, { cacheDir }),
      /unknown optimizer "sign-sdg"; did you mean "sign-sgd"\?/,
    );
    await assert.rejects(
      runLottery({ ...config, optimizer: { kind: "sign-sgd", lr: -1 } }, 0, { cacheDir }),
      /sign-sgd: lr must be a finite number > 0; got -1/,
    );
    assert.deepEqual(fs.readdirSync(cacheDir), []);
  });
});
