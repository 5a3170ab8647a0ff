import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { solveGroupLasso } from "../../lib/solvers/group-lasso";
import { bruteForceLasso, gaussianMatrix, gaussianVector, lassoObjective, orthogonalDesign } from "./helpers";

describe("solveGroupLasso", () => {
  it("matches soft-thresholding on an orthogonal design (AᵀA/n = I)", () => {
    const n = 12;
    const m = 5;
    const A = orthogonalDesign(n, m, 1);
    const y = gaussianVector(n, 2);
    const lambda = 0.3;
    const fit = solveGroupLasso({ A, y, lambda }, { tolerance: 1e-10 });
    assert.ok(fit.converged);
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let i = 0; i < n; i++) z += (A[i * m + j] * y[i]) / n;
      const expected = Math.sign(z) * Math.max(0, Math.abs(z) - lambda / 2);
      assert.ok(Math.abs(fit.w[j] - expected) < 1e-5, `w[${j}] = ${fit.w[j]}, expected ${expected}`);
    }
  });

  it("matches block soft-thresholding for groups on an orthogonal design", () => {
    const n = 10;
    const A = orthogonalDesign(n, 6, 3);
    const y = gaussianVector(n, 4);
    const groups = [0, 0, 1, 1, 1, -1];
    const lambda = 0.4;
    const fit = solveGroupLasso({ A, y, lambda, groups }, { tolerance: 1e-12 });
    const z = Array.from({ length: 6 }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (A[i * 6 + j] * y[i]) / n;
      return s;
    });
    for (const members of [
      [0, 1],
      [2, 3, 4],
    ]) {
      const norm = Math.hypot(...members.map((j) => z[j]));
      const scale = Math.max(0, 1 - lambda / (2 * norm));
      for (const j of members) assert.ok(Math.abs(fit.w[j] - scale * z[j]) < 1e-5);
    }
    assert.ok(Math.abs(fit.w[5] - z[5]) < 1e-5, "the unpenalised column is least squares");
  });

  it("reaches the brute-force optimum on tiny random Lassos, with lowerBound ≤ optimum ≤ objective", () => {
    for (let seed = 0; seed < 6; seed++) {
      const n = 7;
      const m = 4;
      const A = gaussianMatrix(n, m, 10 + seed);
      const y = gaussianVector(n, 20 + seed);
      const lambda = 0.05 + 0.2 * seed;
      const optimum = bruteForceLasso(A, y, m, lambda);
      const fit = solveGroupLasso({ A, y, lambda }, { tolerance: 1e-9 });
      assert.ok(fit.converged);
      assert.ok(fit.lowerBound <= optimum + 1e-12, `bound ${fit.lowerBound} above optimum ${optimum}`);
      assert.ok(fit.objective >= optimum - 1e-12);
      assert.ok(fit.objective - optimum < 1e-7 * Math.max(1, optimum), `seed ${seed}`);
      assert.ok(Math.abs(lassoObjective(A, y, fit.w, lambda) - fit.objective) < 1e-12);
    }
  });

  it("the gap is never negative, and it shrinks to the tolerance", () => {
    const A = gaussianMatrix(30, 40, 5);
    const y = gaussianVector(30, 6);
    for (const maxIterations of [1, 5, 50, 5000]) {
      const fit = solveGroupLasso({ A, y, lambda: 0.1, intercept: true }, { maxIterations });
      assert.ok(fit.gap >= 0 && fit.objective >= fit.lowerBound);
    }
    const fit = solveGroupLasso({ A, y, lambda: 0.1, intercept: true }, { tolerance: 1e-8 });
    assert.ok(fit.converged && fit.gap <= 1e-8 * fit.objective);
  });

  it("an intercept equals an unpenalised column of ones, and an ml-matrix A equals a Float64Array", () => {
    const n = 15;
    const A = gaussianMatrix(n, 3, 7);
    const y = gaussianVector(n, 8).map((v) => v + 3);
    const withOnes = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) {
      withOnes.set(A.subarray(i * 3, i * 3 + 3), i * 4);
      withOnes[i * 4 + 3] = 1;
    }
    const a = solveGroupLasso({ A, y, lambda: 0.2, intercept: true }, { tolerance: 1e-10 });
    const b = solveGroupLasso({ A: withOnes, y, lambda: 0.2, groups: [0, 1, 2, -1] }, { tolerance: 1e-10 });
    const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * 3, i * 3 + 3)));
    const c = solveGroupLasso({ A: new Matrix(rows), y, lambda: 0.2, intercept: true }, { tolerance: 1e-10 });
    assert.ok(Math.abs(a.intercept - b.w[3]) < 1e-5 && Math.abs(a.intercept - 3) < 1);
    assert.ok(Math.abs(a.objective - b.objective) < 1e-8 && Math.abs(a.objective - c.objective) < 1e-12);
    assert.ok(a.lowerBound > 0, "the projected dual bound is informative with an intercept");
  });

  it("reports a solve that ran out of iterations as not converged", () => {
    const fit = solveGroupLasso(
      { A: gaussianMatrix(20, 30, 9), y: gaussianVector(20, 10), lambda: 0.01 },
      {
        maxIterations: 3,
      },
    );
    assert.equal(fit.converged, false);
    assert.ok(fit.gap > 1e-6 * fit.objective);
  });

  it("rejects bad input with the option's name", () => {
    const A = gaussianMatrix(4, 2, 1);
    const y = gaussianVector(4, 2);
    assert.throws(() => solveGroupLasso({ A, y, lambda: 0 }), /lambda must be a finite number > 0/);
    assert.throws(() => solveGroupLasso({ A, y, lambda: -1 }), /lambda must be a finite number > 0/);
    assert.throws(() => solveGroupLasso({ A, y: y.subarray(0, 3), lambda: 1 }), /n = y.length = 3/);
    assert.throws(() => solveGroupLasso({ A, y, lambda: 1, groups: [0] }), /one label per column of A \(2\)/);
    assert.throws(() => solveGroupLasso({ A, y: [1, 2, NaN, 0], lambda: 1 }), /y must be .* finite/);
  });
});
