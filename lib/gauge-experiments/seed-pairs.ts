import type { PairConfig } from "./pair";

/**
 * Independent pairs of networks for repeating a pair experiment: pair k trains A from `seeds[0] + 2k` and B from
 * `seeds[1] + 2k` (so with the default seeds [1, 2]: pairs (1, 2), (3, 4), (5, 6), …), every other option as
 * `config`. No network is shared between pairs, so the pairs are independent samples.
 *
 * @param config the first pair (pair 0 is `config` itself).
 * @param numPairs how many pairs, an integer ≥ 1.
 * @returns `numPairs` pair configs; no tensors.
 * @throws when `numPairs` is not a positive integer, or the two seeds of `config` differ by an even number
 *   (pairs would then share a seed).
 */
export function seedPairs(config: PairConfig, numPairs: number): PairConfig[] {
  if (!(Number.isInteger(numPairs) && numPairs >= 1)) {
    throw new Error(`seedPairs: numPairs must be an integer ≥ 1; got ${numPairs}`);
  }
  const [a, b] = config.seeds;
  if ((b - a) % 2 === 0) {
    throw new Error(
      `seedPairs: the pair's seeds [${a}, ${b}] differ by an even number, so shifting by 2 per pair would ` +
        "reuse a seed; use seeds of different parity, e.g. [1, 2]",
    );
  }
  return Array.from({ length: numPairs }, (_, k) => ({ ...config, seeds: [a + 2 * k, b + 2 * k] as const }));
}

/** A pair's label for tables and captions, e.g. `"seeds 1, 2"`. */
export function pairLabel(config: PairConfig): string {
  return `seeds ${config.seeds[0]}, ${config.seeds[1]}`;
}
