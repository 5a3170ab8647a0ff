import { checkOptions } from "../core/check-options";
import { Rng, deriveSeed } from "../core/rng";
import type { Experiment } from "../experiment/experiment";
import { generalPositionCount, patternBound, programBytes } from "../solvers/pattern-count";
import { enumeratePatterns, samplePatterns, withOnes } from "../solvers/patterns";

/** Which (n, d) to count patterns for, and how many gates sampling draws where enumeration cannot go. */
export interface MemoryWallConfig {
  /** Point counts for exact enumeration in d = 1 and d = 2. */
  readonly exactNs: readonly number[];
  /** Dimensions counted by sampling only, at `sampledN` points. */
  readonly sampledDs: readonly number[];
  readonly sampledN: number;
  readonly numGates: number;
  readonly seed: number;
}

/** Full mode: enumeration up to n = 160 in 2-D, sampling 20,000 gates in d = 3..10. */
export const DEFAULT_MEMORY_WALL: MemoryWallConfig = {
  exactNs: [10, 20, 40, 80, 160],
  sampledDs: [3, 5, 10],
  sampledN: 100,
  numGates: 20000,
  seed: 0,
};

/** Quick mode: up to n = 80, 2,000 gates. */
export const QUICK_MEMORY_WALL: MemoryWallConfig = {
  ...DEFAULT_MEMORY_WALL,
  exactNs: [10, 20, 40, 80],
  numGates: 2000,
};

/** One count. */
export interface PatternRow {
  readonly n: number;
  readonly d: number;
  /** Patterns found: all of them (exact) or those the gates hit (sampled, a lower estimate). */
  readonly count: number;
  readonly exact: boolean;
  /** Cover's count for points in general position (exact), and the bound 2r(e(n − 1)/r)^r, r = d + 1. */
  readonly generalPosition: number;
  readonly bound: number;
  /** The convex ReLU program's array bytes for all `generalPosition` patterns (programBytes). */
  readonly bytes: number;
  readonly seconds: number;
}

function gaussianPoints(n: number, d: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * d }, () => rng.normal());
}

/**
 * The memory wall: activation-pattern counts of Gaussian points with a bias coordinate, exact for d = 1, 2
 * (enumeration, timed) and sampled for larger d, beside Cover's general-position count, the bound
 * 2r(e(n − 1)/r)^r, and the bytes the convex ReLU program would need for every pattern.
 */
export const MEMORY_WALL: Experiment<MemoryWallConfig, PatternRow[]> = {
  name: "analytic-memory-wall",
  version: 1,
  check: (config) =>
    checkOptions(
      config,
      { exactNs: "array", sampledDs: "array", sampledN: "number", numGates: "number", seed: "number" },
      "memory-wall config",
    ),
  steps: () => 1,
  async compute(config) {
    const rows: PatternRow[] = [];
    const row = (n: number, d: number, count: number, exact: boolean, seconds: number): PatternRow => {
      const generalPosition = generalPositionCount(n, d + 1);
      const bytes = programBytes(n, d + 1, generalPosition);
      return { n, d, count, exact, generalPosition, bound: patternBound(n, d + 1), bytes, seconds };
    };
    for (const d of [1, 2]) {
      for (const n of config.exactNs) {
        const X = withOnes(gaussianPoints(n, d, deriveSeed(config.seed, `${n}/${d}`)), d);
        const t0 = performance.now();
        const P = enumeratePatterns(X, d + 1);
        rows.push(row(n, d, P.count, true, (performance.now() - t0) / 1000));
      }
    }
    for (const d of config.sampledDs) {
      const n = config.sampledN;
      const X = withOnes(gaussianPoints(n, d, deriveSeed(config.seed, `${n}/${d}`)), d);
      const t0 = performance.now();
      const P = samplePatterns(X, d + 1, config.numGates, config.seed);
      rows.push(row(n, d, P.count, false, (performance.now() - t0) / 1000));
    }
    return rows;
  },
};

/**
 * The largest n whose exact convex ReLU program (all general-position patterns of n points in d dimensions with
 * a bias) fits in `bytes`, by bisection on {@link programBytes}.
 */
export function largestExactN(d: number, bytes: number): number {
  let lo = 2;
  let hi = 2;
  while (programBytes(hi, d + 1, generalPositionCount(hi, d + 1)) <= bytes && hi < 1e9) hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (programBytes(mid, d + 1, generalPositionCount(mid, d + 1)) <= bytes) lo = mid;
    else hi = mid;
  }
  return lo;
}
