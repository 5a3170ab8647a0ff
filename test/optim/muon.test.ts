import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { mlp } from "../../lib/core/architecture";
import type { Params } from "../../lib/core/params";
import { normalTensor } from "../../lib/core/rng";
import { hiddenMatrices } from "../../lib/optim/matrix-names";
import { matrixScale } from "../../lib/optim/matrix-optimizer";
import { newtonSchulz } from "../../lib/optim/newton-schulz";
import type { OptimizerConfig } from "../../lib/optim/optimizer";
import { makeOptimizer } from "../../lib/optim/registry";
import { assertClose, assertNoLeaks, describeOnBackends } from "../helpers/tf";

const SHAPES: Record<string, number[]> = {
  "l0/kernel": [4, 6],
  "l0/bias": [6],
  "l1/kernel": [6, 5],
  "l1/bias": [5],
  "l2/kernel": [5, 3],
};
const params0 = (): Params =>
  Object.fromEntries(Object.entries(SHAPES).map(([name, shape], i) => [name, normalTensor(shape, i)]));
const grads = (step: number): Params =>
  Object.fromEntries(
    Object.entries(SHAPES).map(([name, shape], i) => [name, normalTensor(shape, 100 * step + i)]),
  );

/** Runs `numSteps` steps of `config` from params0 with the grads above; returns the final params. */
function run(config: OptimizerConfig, numSteps: number): Params {
  const opt = makeOptimizer(config);
  let p = params0();
  for (let s = 0; s < numSteps; s++) {
    const g = grads(s);
    const next = opt.step(p, g);
    tf.dispose([...Object.values(p), ...Object.values(g)]);
    p = next;
  }
  opt.dispose();
  return p;
}

const singular = (t: tf.Tensor) => {
  const [rows, cols] = t.shape;
  const M = new Matrix(rows, cols);
  const v = t.dataSync();
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, v[i * cols + j]);
  return new SingularValueDecomposition(M, { autoTranspose: true }).diagonal;
};

describeOnBackends("muon", () => {
  it("orthogonalises the Nesterov momentum of the hidden matrix and hands every other param to Adam", () => {
    const [lr, beta] = [0.05, 0.95];
    const out = run({ kind: "muon", lr }, 2);
    const adamOut = run({ kind: "adam", lr: 1e-3 }, 2);
    // The reference, from the formulas: m1 = (1−β)g0, m2 = βm1 + (1−β)g1, M_t = (1−β)g_t + βm_t.
    const p = params0();
    const [g0, g1] = [grads(0), grads(1)];
    const expected = tf.tidy(() => {
      const m1 = tf.mul(g0["l1/kernel"], 1 - beta);
      const M1 = tf.add(tf.mul(g0["l1/kernel"], 1 - beta), tf.mul(m1, beta));
      const m2 = tf.add(tf.mul(m1, beta), tf.mul(g1["l1/kernel"], 1 - beta));
      const M2 = tf.add(tf.mul(g1["l1/kernel"], 1 - beta), tf.mul(m2, beta));
      const scale = matrixScale("keller", 6, 5);
      const steps = [M1, M2].map((M) => tf.mul(newtonSchulz(M), lr * scale));
      return tf.sub(tf.sub(p["l1/kernel"], steps[0]), steps[1]);
    });
    assertClose(out["l1/kernel"].dataSync(), expected.dataSync(), 1e-5);
    assert.deepEqual(Object.keys(out), Object.keys(SHAPES), "the params keep their storage order");
    for (const name of ["l0/kernel", "l0/bias", "l1/bias", "l2/kernel"]) {
      assertClose(out[name].dataSync(), adamOut[name].dataSync(), 1e-6);
    }
    tf.dispose([...Object.values(out), ...Object.values(adamOut), ...Object.values(p), expected]);
    tf.dispose([...Object.values(g0), ...Object.values(g1)]);
  });

  it("updates exactly the params `matrices` names, and uses the fallback it is given", () => {
    const out = run(
      { kind: "muon", lr: 0.1, matrices: ["l0/kernel"], fallback: { kind: "sgd", lr: 0.5 } },
      1,
    );
    const sgdOut = run({ kind: "sgd", lr: 0.5 }, 1);
    for (const name of ["l0/bias", "l1/kernel", "l1/bias", "l2/kernel"]) {
      assertClose(out[name].dataSync(), sgdOut[name].dataSync(), 1e-6);
    }
    const p = params0();
    const moved = tf.sub(out["l0/kernel"], p["l0/kernel"]);
    // One step from zero momentum: M = (1−β)g + β(1−β)g, so the step is −lr·scale·NS5(g).
    for (const s of singular(moved)) assert.ok(s > 0.05 && s < 0.15, `σ = ${s}`);
    tf.dispose([...Object.values(out), ...Object.values(sgdOut), ...Object.values(p), moved]);
  });

  it("scales by the convention it names", () => {
    assert.equal(matrixScale("keller", 256, 256), 1);
    assert.equal(matrixScale("keller", 100, 300), Math.sqrt(3));
    assert.equal(matrixScale("keller", 300, 100), 1);
    assert.equal(matrixScale("modula", 300, 100), Math.sqrt(1 / 3));
    assert.equal(matrixScale("adamw-rms", 300, 100), 0.2 * Math.sqrt(300));
  });

  it("spectral GD steps by lr in spectral norm; dualized GD moves every singular value by lr", () => {
    const lr = 0.01;
    for (const kind of ["spectral-gd", "dualized-gd"]) {
      const out = run({ kind, lr, fallback: { kind: "sgd", lr: 0.1 } }, 1);
      const p = params0();
      const moved = tf.sub(out["l1/kernel"], p["l1/kernel"]);
      const sv = singular(moved);
      assert.ok(Math.abs(sv[0] - lr) < 1e-4 * 5, `${kind}: σ₁ = ${sv[0]}`);
      if (kind === "dualized-gd") for (const s of sv) assert.ok(Math.abs(s - lr) < 1e-4, `σ = ${s}`);
      else assert.ok(sv[sv.length - 1] < 0.9 * lr, "spectral GD keeps the gradient's spectrum shape");
      tf.dispose([...Object.values(out), ...Object.values(p), moved]);
    }
  });

  it("has no leaks, and its state survives a JSON round trip", async () => {
    const config = { kind: "muon", lr: 0.02 } as const;
    await assertNoLeaks(() => {
      const a = makeOptimizer(config);
      let p = params0();
      for (let s = 0; s < 2; s++) {
        const g = grads(s);
        const next = a.step(p, g);
        tf.dispose([...Object.values(p), ...Object.values(g)]);
        p = next;
      }
      const saved = JSON.parse(JSON.stringify(a.saveState?.()));
      const b = makeOptimizer(config);
      b.loadState?.(saved);
      b.loadState?.(saved); // replacing loaded state must free the old tensors
      const g = grads(2);
      const [outA, outB] = [a.step(p, g), b.step(p, g)];
      for (const name of Object.keys(SHAPES)) {
        assert.deepEqual(Array.from(outA[name].dataSync()), Array.from(outB[name].dataSync()), name);
      }
      tf.dispose([...Object.values(p), ...Object.values(g), ...Object.values(outA), ...Object.values(outB)]);
      a.dispose();
      b.dispose();
    });
  });
});

describe("muon options and names", () => {
  it("finds the hidden matrices of an architecture", () => {
    assert.deepEqual(hiddenMatrices(mlp([784, 256, 256, 10])), ["dense1/kernel"]);
    assert.deepEqual(hiddenMatrices(mlp([784, 300, 100, 10])), ["dense1/kernel"]);
    assert.deepEqual(hiddenMatrices(mlp([4, 3, 2])), []);
  });

  it("refuses bad options with the option's name", () => {
    assert.throws(
      () => makeOptimizer({ kind: "muon", lr: 0 }),
      /muon: lr must be a finite number > 0; got 0/,
    );
    assert.throws(
      () => makeOptimizer({ kind: "muon", lr: 0.02, momentum: 1 }),
      /muon: momentum must be in \[0, 1\); got 1/,
    );
    assert.throws(
      () => makeOptimizer({ kind: "muon", lr: 0.02, momentum: -0.1 }),
      /muon: momentum must be in \[0, 1\)/,
    );
    assert.throws(
      () => makeOptimizer({ kind: "muon", lr: 0.02, scale: "kj" }),
      /scale must be one of keller/,
    );
    assert.throws(() => makeOptimizer({ kind: "muon", lr: 0.02, nsteps: 5 }), /did you mean "nsSteps"/);
    assert.throws(
      () => makeOptimizer({ kind: "muon", lr: 0.02, fallback: { kind: "muon", lr: 1 } }),
      /muon: fallback.kind must be adam, sgd or momentum/,
    );
    assert.throws(
      () => makeOptimizer({ kind: "dualized-gd", lr: 0.02, polishSteps: -1 }),
      /dualized-gd: polishSteps must be an integer ≥ 0/,
    );
    const opt = makeOptimizer({ kind: "muon", lr: 0.02, matrices: ["l1/bias"] });
    const [p, g] = [params0(), grads(0)];
    assert.throws(() => opt.step(p, g), /matrices names "l1\/bias" of shape \[5\]; only 2-D weights/);
    const typo = makeOptimizer({ kind: "muon", lr: 0.02, matrices: ["l9/kernel"] });
    assert.throws(() => typo.step(p, g), /matrices names "l9\/kernel", which is not a param/);
    assert.throws(() => opt.loadState?.(null), /loadState expects what saveState\(\) returned/);
    tf.dispose([...Object.values(p), ...Object.values(g)]);
    opt.dispose();
    typo.dispose();
  });
});
