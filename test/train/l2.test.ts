import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { Matrix, solve } from "ml-matrix";
import { mlp } from "../../lib/core/architecture";
import { initParams } from "../../lib/core/init";
import { disposeParams } from "../../lib/core/params";
import { normalArray } from "../../lib/core/rng";
import { regressionDataset } from "../../lib/data/dataset";
import { l2PenaltyValue, resolveL2 } from "../../lib/train/l2";
import { train } from "../../lib/train/train";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";

useBackend();

/** A linear regression problem `y = X w* + noise`, n = 40, d = 3. */
function problem(): { X: number[][]; y: number[] } {
  const z = normalArray(160, 7);
  const X = Array.from({ length: 40 }, (_, i) => [z[3 * i], z[3 * i + 1], z[3 * i + 2]]);
  const y = X.map((row, i) => 1.5 * row[0] - 2 * row[1] + 0.5 * row[2] + 0.3 + 0.2 * z[120 + i]);
  return { X, y };
}

/** Ridge with an unpenalised intercept, the minimiser of mean((Xw + b − y)²) + (λ/2)‖w‖², in closed form. */
function ridge(X: number[][], y: number[], lambda: number): number[] {
  const n = X.length;
  const mean = (col: (i: number) => number) => X.reduce((s, _, i) => s + col(i), 0) / n;
  const xMean = [0, 1, 2].map((j) => mean((i) => X[i][j]));
  const yMean = mean((i) => y[i]);
  const Xc = new Matrix(X.map((row) => row.map((v, j) => v - xMean[j])));
  const yc = Matrix.columnVector(y.map((v) => v - yMean));
  const A = Xc.transpose()
    .mmul(Xc)
    .mul(2 / n)
    .add(Matrix.eye(3).mul(lambda));
  return solve(
    A,
    Xc.transpose()
      .mmul(yc)
      .mul(2 / n),
  ).to1DArray();
}

describe("train with an l2 penalty", () => {
  it("full-batch gradient descent converges to the ridge solution (bias unpenalised)", async () => {
    const { X, y } = problem();
    const data = regressionDataset("ridge", Float32Array.from(X.flat()), Float32Array.from(y), 3, 1);
    const arch = mlp([3, 1]);
    const init = initParams(arch, { seed: 0 });
    for (const lambda of [0.5, 2]) {
      await assertNoLeaks(async () => {
        const r = await train(
          arch,
          init,
          { train: data },
          {
            optimizer: { kind: "sgd", lr: 0.1 },
            seed: 0,
            numSteps: 3000,
            batchSize: 40,
            l2: { coefficient: lambda },
            handleSigint: false,
          },
        );
        assertClose(r.params["dense0/kernel"].dataSync(), ridge(X, y, lambda), 1e-4);
        disposeParams(r.params);
      });
    }
    disposeParams(init);
  });

  it("gives the penalty's value and refuses bad options", () => {
    const arch = mlp([3, 2, 1]);
    const params = initParams(arch, { seed: 1 });
    const l2 = resolveL2(arch, { coefficient: 0.5 }, "l2");
    assert.deepEqual(l2.names, ["dense0/kernel", "dense1/kernel"]);
    const squares = l2.names.flatMap((n) => Array.from(params[n].dataSync(), (v) => v * v));
    assert.ok(Math.abs(l2PenaltyValue(params, l2) - 0.25 * squares.reduce((a, b) => a + b)) < 1e-6);
    assert.throws(
      () => resolveL2(arch, { coefficient: -1 }, "train: l2"),
      /train: l2: coefficient must be a finite number ≥ 0; got -1/,
    );
    assert.throws(
      () => resolveL2(arch, { coefficient: 1, params: ["dense9/kernel"] }, "train: l2"),
      /train: l2: no param "dense9\/kernel"; the params are dense0\/kernel/,
    );
    assert.throws(() => resolveL2(arch, { coefficent: 1 } as never, "train: l2"), /coefficient/);
    disposeParams(params);
  });
});
