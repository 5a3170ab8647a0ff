import { Matrix, SVD } from "ml-matrix";

/** The rank of X (n × p row-major), by SVD (ml-matrix), singular values under 1e-10 of the largest as zero. */
export function matrixRank(X: ArrayLike<number>, p: number): number {
  const n = X.length / p;
  const M = new Matrix(n, p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) M.set(i, k, X[i * p + k]);
  const sigma = new SVD(M, {
    autoTranspose: true,
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  }).diagonal;
  const cut = (sigma[0] ?? 0) * 1e-10;
  return sigma.filter((s) => s > cut).length;
}

/**
 * The bound on the number of activation patterns, 2r(e(n − 1)/r)^r with r = rank X (Pilanci & Ergen 2020;
 * scnn), as a float (it overflows to Infinity past ~1e308).
 */
export function patternBound(n: number, r: number): number {
  if (r <= 0) return 0;
  return 2 * r * Math.pow((Math.E * (n - 1)) / r, r);
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/**
 * Cover's count of the non-zero patterns of n points in general position lifted with a bias coordinate to
 * R^p: the arrangement of n central hyperplanes has 2 Σ_{k<p} C(n − 1, k) cells, one of them all-zero.
 */
export function generalPositionCount(n: number, p: number): number {
  let s = 0;
  for (let k = 0; k < p; k++) s += binomial(n - 1, k);
  return 2 * s - 1;
}

/**
 * The bytes the convex ReLU program's arrays take for P patterns of n points in R^p: the 0/1 masks (P·n
 * bytes), the multipliers and penalty residuals of both branches (4·P·n Float64), and FISTA's five iterate-sized
 * vectors over (v, w) (10·P·p Float64). The gated program needs about a fifth of the multiplier part less.
 * This is the sum of the typed arrays {@link solveConvexRelu} allocates, not a heap measurement.
 */
export function programBytes(n: number, p: number, P: number): number {
  return P * n + 8 * (4 * P * n + 10 * P * p + 4 * n);
}

/** Formats bytes as "12.3 MB" (decimal units). */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toPrecision(3)} ${units[u]}`;
}

/** The default memory budget for an exact program: 1 GB. */
export const DEFAULT_MAX_BYTES = 1e9;

/**
 * Checks that the exact program fits before enumerating: p ≤ 3 (d ≤ 2 plus a bias) and the bytes for the
 * general-position count of patterns ≤ maxBytes.
 *
 * @throws stating the pattern count and the memory it would need, and suggesting samplePatterns.
 */
export function checkEnumeration(n: number, p: number, maxBytes = DEFAULT_MAX_BYTES): void {
  const P = p <= 3 ? generalPositionCount(n, p) : patternBound(n, p);
  const bytes = programBytes(n, p, P);
  if (p > 3 || bytes > maxBytes) {
    throw new Error(
      `exact patterns: n = ${n} points in p = ${p} dimensions (with the bias) have ${p <= 3 ? "" : "up to "}` +
        `${P.toPrecision(3)} activation patterns, and the convex program would need ${formatBytes(bytes)}` +
        `${p > 3 ? " (exact enumeration handles p ≤ 3)" : ` (the budget is ${formatBytes(maxBytes)})`}; ` +
        `sample patterns instead (samplePatterns(X, p, numGates, seed)) or use fewer points`,
    );
  }
}
