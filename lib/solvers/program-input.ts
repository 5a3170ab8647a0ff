import type { Patterns } from "./patterns";
import { withOnes } from "./patterns";

/** A convex two-layer program's data: X (n × d), y, λ, and the activation patterns of X̃ = [X, 1]. */
export interface ConvexProgram {
  /** The inputs, n × d row-major. */
  readonly X: ArrayLike<number>;
  /** d, the input dimension. */
  readonly d: number;
  /** The targets ([n]). */
  readonly y: ArrayLike<number>;
  /** λ > 0, the group-ℓ1 weight (= the non-convex weight decay on the mse). */
  readonly lambda: number;
  /** Patterns of X̃ (p = d + 1 with `bias`, else d), from samplePatterns or enumeratePatterns. */
  readonly patterns: Patterns;
  /** Whether neurons have a hidden bias, as X̃'s last coordinate (penalised with the weights). Default true. */
  readonly bias?: boolean;
  /** Whether the net has a free output bias c. Default true. */
  readonly intercept?: boolean;
}

/** A checked {@link ConvexProgram}, with X̃ built. */
export interface CheckedProgram {
  readonly X: Float64Array;
  readonly Xt: Float64Array;
  readonly d: number;
  readonly y: Float64Array;
  readonly lambda: number;
  readonly patterns: Patterns;
  readonly bias: boolean;
  readonly intercept: boolean;
}

/**
 * Checks a convex program's input.
 *
 * @throws naming `where` and the fix: λ ≤ 0 (β ≤ 0), X's size not n·d for n = y.length, non-finite data,
 *   patterns built for other data (n or p differ).
 */
export function checkProgram(problem: ConvexProgram, where: string): CheckedProgram {
  const { d, lambda } = problem;
  if (typeof lambda !== "number" || !Number.isFinite(lambda) || lambda <= 0) {
    throw new Error(`${where}: lambda (the weight decay β) must be a finite number > 0; got ${lambda}`);
  }
  const y = Float64Array.from(problem.y);
  const n = y.length;
  if (!Number.isInteger(d) || d < 1 || n === 0 || problem.X.length !== n * d) {
    throw new Error(
      `${where}: X must be n × d row-major with n = y.length = ${n} and d = ${d}; got ${problem.X.length} numbers ` +
        `(X and y must describe the same points)`,
    );
  }
  const X = Float64Array.from(problem.X);
  if (X.some((v) => !Number.isFinite(v)) || y.some((v) => !Number.isFinite(v))) {
    throw new Error(`${where}: X and y must be finite`);
  }
  const bias = problem.bias ?? true;
  const p = d + (bias ? 1 : 0);
  const { patterns } = problem;
  if (patterns.n !== n || patterns.p !== p || patterns.count === 0) {
    throw new Error(
      `${where}: patterns must come from this X (n = ${n}, p = ${p} with bias = ${bias}); got n = ${patterns.n}, ` +
        `p = ${patterns.p}, ${patterns.count} patterns`,
    );
  }
  return {
    X,
    Xt: bias ? withOnes(X, d) : X,
    d,
    y,
    lambda,
    patterns,
    bias,
    intercept: problem.intercept ?? true,
  };
}
