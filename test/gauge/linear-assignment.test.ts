import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { linearAssignment, linearAssignmentFlat } from "../../lib/gauge/linear-assignment";
import { describeOnBackends } from "../helpers/tf";
import { randomPermutation, testRng, uniforms } from "./helpers";

/** The best value over every injective map rows -> cols (rows <= cols), by enumeration. */
function bruteForce(matrix: number[][], maximize: boolean): number {
  const rows = matrix.length;
  const cols = matrix[0].length;
  const used = new Array<boolean>(cols).fill(false);
  let best = maximize ? -Infinity : Infinity;
  const visit = (i: number, sum: number): void => {
    if (i === rows) {
      best = maximize ? Math.max(best, sum) : Math.min(best, sum);
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (used[j]) continue;
      used[j] = true;
      visit(i + 1, sum + matrix[i][j]);
      used[j] = false;
    }
  };
  visit(0, 0);
  return best;
}

function randomMatrix(rows: number, cols: number, seed: number, integers = false): number[][] {
  const rand = testRng(seed);
  return Array.from({ length: rows }, () =>
    uniforms(rand, cols, -10, 10).map((x) => (integers ? Math.round(x / 4) : x)),
  );
}

/** Checks the assignment is injective, in range, and its value is the sum of the chosen entries. */
function assertValid(matrix: number[][], colForRow: Int32Array, value: number): void {
  const cols = matrix[0]?.length ?? 0;
  const seen = new Set<number>();
  let sum = 0;
  colForRow.forEach((c, r) => {
    if (c === -1) return;
    assert.ok(c >= 0 && c < cols, `column ${c} out of range`);
    assert.ok(!seen.has(c), `column ${c} used twice`);
    seen.add(c);
    sum += matrix[r][c];
  });
  assert.equal(seen.size, Math.min(matrix.length, cols));
  assert.ok(Math.abs(sum - value) < 1e-9);
}

// The solver is plain Float64 JavaScript, so the backend should not matter; run it on both to be sure.
describeOnBackends("linearAssignment", () => {
  it("matches brute force on random square matrices, n = 1..7, several seeds, max and min", () => {
    for (let n = 1; n <= 7; n++) {
      for (let seed = 1; seed <= 4; seed++) {
        const matrix = randomMatrix(n, n, 100 * n + seed);
        for (const maximize of [true, false]) {
          const { colForRow, value } = linearAssignment(matrix, { maximize });
          assertValid(matrix, colForRow, value);
          assert.ok(Math.abs(value - bruteForce(matrix, maximize)) < 1e-9, `n=${n} seed=${seed}`);
        }
      }
    }
  });

  it("matches brute force with many ties (small integers) and negative values", () => {
    for (let n = 2; n <= 7; n++) {
      for (let seed = 1; seed <= 3; seed++) {
        const matrix = randomMatrix(n, n, 7 * n + seed, true);
        const { colForRow, value } = linearAssignment(matrix);
        assertValid(matrix, colForRow, value);
        assert.equal(value, bruteForce(matrix, true));
      }
    }
    const flat = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const { colForRow, value } = linearAssignment(flat);
    assertValid(flat, colForRow, value);
    assert.equal(value, 0);
  });

  it("handles rectangular matrices both ways against brute force", () => {
    for (const [rows, cols] of [
      [2, 5],
      [3, 6],
      [5, 7],
      [1, 4],
    ]) {
      const matrix = randomMatrix(rows, cols, rows * 31 + cols);
      const wide = linearAssignment(matrix);
      assertValid(matrix, wide.colForRow, wide.value);
      assert.ok(Math.abs(wide.value - bruteForce(matrix, true)) < 1e-9);
      const tall = matrix[0].map((_, j) => matrix.map((row) => row[j]));
      const res = linearAssignment(tall);
      assertValid(tall, res.colForRow, res.value);
      assert.equal(res.colForRow.filter((c) => c === -1).length, cols - rows);
      assert.ok(Math.abs(res.value - wide.value) < 1e-9);
    }
  });

  it("finds known optima: identity-dominant and permutation matrices", () => {
    const rand = testRng(5);
    const n = 40;
    const dominant = Array.from({ length: n }, (_, i) =>
      uniforms(rand, n, 0, 1).map((x, j) => (i === j ? 10 + x : x)),
    );
    assert.deepEqual(
      Array.from(linearAssignment(dominant).colForRow),
      Array.from({ length: n }, (_, i) => i),
    );
    const perm = randomPermutation(n, rand);
    const permMatrix = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (perm[i] === j ? 1 : 0)),
    );
    assert.deepEqual(Array.from(linearAssignment(permMatrix).colForRow), perm);
    const { colForRow, value } = linearAssignment(permMatrix, { maximize: false });
    assert.equal(value, 0);
    assert.ok(colForRow.every((c, i) => perm[i] !== c));
  });
});

describe("linearAssignment edge cases", () => {
  it("solves the empty problem and a 1 x 1", () => {
    assert.deepEqual(linearAssignment([]), { colForRow: new Int32Array(0), value: 0 });
    assert.deepEqual(linearAssignment([[-3]]), { colForRow: Int32Array.from([0]), value: -3 });
  });

  it("rejects NaN, infinities, ragged rows and wrong sizes with clear errors", () => {
    assert.throws(
      () =>
        linearAssignment([
          [1, 2],
          [3, NaN],
        ]),
      { message: "linearAssignment: entry [1][1] is NaN; every entry must be a finite number" },
    );
    assert.throws(() => linearAssignment([[Infinity]]), {
      message: "linearAssignment: entry [0][0] is Infinity; every entry must be a finite number",
    });
    assert.throws(() => linearAssignment([[1, 2], [3]]), {
      message: "linearAssignment: row 1 has 1 entries but row 0 has 2",
    });
    assert.throws(() => linearAssignmentFlat(new Float64Array(5), 2, 3), {
      message: "linearAssignment: expected 2 x 3 = 6 entries; got 5",
    });
    assert.throws(() => linearAssignmentFlat([], -1, 0), {
      message: "linearAssignment: rows and cols must be non-negative integers; got -1 x 0",
    });
  });
});
