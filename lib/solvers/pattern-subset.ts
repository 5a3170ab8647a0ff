import type { Patterns } from "./patterns";

/** The patterns at `indices` (in that order), as a new {@link Patterns}. */
export function patternSubset(patterns: Patterns, indices: readonly number[]): Patterns {
  const { n, p } = patterns;
  const masks = new Uint8Array(indices.length * n);
  const gates = new Float64Array(indices.length * p);
  indices.forEach((i, k) => {
    masks.set(patterns.masks.subarray(i * n, (i + 1) * n), k * n);
    gates.set(patterns.gates.subarray(i * p, (i + 1) * p), k * p);
  });
  return { n, p, count: indices.length, masks, gates };
}
