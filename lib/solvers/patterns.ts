import { Rng } from "../core/rng";
import { crossProduct } from "./cross-product";
import { DEFAULT_MAX_BYTES, checkEnumeration } from "./pattern-count";
import { subsets } from "./subsets";

/**
 * Activation patterns of a data matrix: the 0/1 vectors D_i = 1[X g_i ≥ 0] over gates g_i. X is n × p
 * row-major; for a net with hidden biases, p = d + 1 with a last column of ones (see {@link withOnes}).
 */
export interface Patterns {
  /** n, the number of data points. */
  readonly n: number;
  /** P, the number of distinct patterns. */
  readonly count: number;
  /** The patterns, pattern-major: entry (i, k) at `masks[i · n + k]` ([P · n], 0/1). */
  readonly masks: Uint8Array;
  /**
   * A gate per pattern, p numbers each ([P · p]). Sampled: D_i = 1[X g_i ≥ 0]. Enumerated: the cell's vertex
   * direction, where the p − 1 rows through it are at 0 and D_i decides them.
   */
  readonly gates: Float64Array;
  /** p, the gates' dimension. */
  readonly p: number;
}

/** X with a column of ones appended: n × d → n × (d + 1), the bias as an extra coordinate. */
export function withOnes(X: ArrayLike<number>, d: number): Float64Array {
  const n = X.length / d;
  const out = new Float64Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) out[i * (d + 1) + k] = X[i * d + k];
    out[i * (d + 1) + d] = 1;
  }
  return out;
}

/** Collects distinct non-zero patterns with their gates. */
class PatternSet {
  private readonly seen = new Set<string>();
  private readonly masks: number[] = [];
  private readonly gates: number[] = [];
  constructor(
    private readonly X: ArrayLike<number>,
    private readonly n: number,
    private readonly p: number,
  ) {}

  /** Adds 1[X g ≥ 0] unless it is all-zero or seen; `override` forces some points' bits (ties at 0). */
  add(g: ArrayLike<number>, override?: ReadonlyMap<number, 0 | 1>): void {
    const bits = new Uint8Array(this.n);
    let any = false;
    for (let i = 0; i < this.n; i++) {
      let z = 0;
      for (let k = 0; k < this.p; k++) z += this.X[i * this.p + k] * g[k];
      bits[i] = override?.get(i) ?? (z >= 0 ? 1 : 0);
      any ||= bits[i] === 1;
    }
    const key = bits.join("");
    if (!any || this.seen.has(key)) return;
    this.seen.add(key);
    this.masks.push(...bits);
    this.gates.push(...Array.from(g));
  }

  result(): Patterns {
    const count = this.seen.size;
    return {
      n: this.n,
      count,
      p: this.p,
      masks: Uint8Array.from(this.masks),
      gates: Float64Array.from(this.gates),
    };
  }
}

function checkX(X: ArrayLike<number>, p: number, where: string): number {
  if (!Number.isInteger(p) || p < 1 || X.length === 0 || X.length % p !== 0) {
    throw new Error(`${where}: X must be n × p row-major with p = ${p} columns; got ${X.length} numbers`);
  }
  return X.length / p;
}

/**
 * Samples patterns from seeded Gaussian gates g_i ~ N(0, I_p), dropping duplicates and all-zero patterns
 * (as scnn does). A sample of patterns gives a restricted, upper-bounding program.
 *
 * @param X n × p row-major. @param numGates how many gates to draw. @param seed the gates' seed.
 */
export function samplePatterns(X: ArrayLike<number>, p: number, numGates: number, seed: number): Patterns {
  const n = checkX(X, p, "samplePatterns");
  if (!Number.isInteger(numGates) || numGates < 1) {
    throw new Error(`samplePatterns: numGates must be a positive integer; got ${numGates}`);
  }
  const rng = new Rng(seed);
  const set = new PatternSet(X, n, p);
  for (let s = 0; s < numGates; s++) set.add(Array.from({ length: p }, () => rng.normal()));
  return set.result();
}

/**
 * Every pattern of X (n × p, p ≤ 3: d ≤ 2 inputs plus the bias column), exactly: each cell of the arrangement
 * of the hyperplanes {g : x_kᵀg = 0} has a vertex where p − 1 of them meet; there g is the generalised cross
 * product of those p − 1 rows, and the cells around it are the sign choices for those rows. Exact for data in
 * general position (no p of the lifted rows linearly dependent). With degenerate data (e.g. a duplicate point)
 * it can also list patterns no gate realises strictly; their cones then force X̃v = 0 on the tied points, so the
 * convex program stays exact, only larger.
 *
 * @param maxBytes the memory budget of the convex program over these patterns (default 1 GB).
 * @throws when p > 3 (use {@link samplePatterns}), or, before any work, when the program for n points would need
 *   more than `maxBytes` ({@link checkEnumeration}: the message states the pattern count and the memory).
 */
export function enumeratePatterns(X: ArrayLike<number>, p: number, maxBytes = DEFAULT_MAX_BYTES): Patterns {
  const n = checkX(X, p, "enumeratePatterns");
  if (p <= 3) checkEnumeration(n, p, maxBytes);
  if (p > 3) {
    throw new Error(
      `enumeratePatterns: exact enumeration handles p ≤ 3 columns (d ≤ 2 plus a bias); got p = ${p}; use samplePatterns`,
    );
  }
  const set = new PatternSet(X, n, p);
  if (n < p - 1) {
    for (let k = 0; k < p; k++)
      for (const s of [1, -1]) set.add(Array.from({ length: p }, (_, j) => (j === k ? s : 0)));
  }
  for (const rows of subsets(n, p - 1)) {
    const M = new Float64Array((p - 1) * p);
    rows.forEach((r, i) => {
      for (let k = 0; k < p; k++) M[i * p + k] = X[r * p + k];
    });
    const g = p === 1 ? Float64Array.of(1) : crossProduct(M, p);
    for (const sign of [1, -1]) {
      const gs = g.map((v) => v * sign);
      for (let choice = 0; choice < 1 << rows.length; choice++) {
        const override = new Map<number, 0 | 1>(
          rows.map((r, i) => [r, (choice >> i) & 1 ? 1 : 0] as [number, 0 | 1]),
        );
        set.add(gs, override);
      }
    }
  }
  return set.result();
}
