import { QUICK } from "../core/project";

/**
 * The config for the current mode: `full` as is in full mode (the committed figures), its quick version in
 * quick mode (`GAUGELAB_QUICK=1`: every notebook in minutes, as CI runs them). The one quick/full idiom:
 * `forMode(DEFAULT_LOTTERY, quickLottery)` or `forMode(DEFAULT_PAIR, QUICK_PAIR)`.
 *
 * @param quick the quick config, or a function shrinking `full` to it.
 * @param isQuick the mode (default `QUICK`, read from the environment when the lib loaded).
 */
export function forMode<C>(full: C, quick: C | ((full: C) => C), isQuick: boolean = QUICK): C {
  if (!isQuick) return full;
  return typeof quick === "function" ? (quick as (full: C) => C)(full) : quick;
}
