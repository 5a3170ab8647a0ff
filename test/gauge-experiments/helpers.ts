import { mlp } from "../../lib/core/architecture";
import type { PairConfig } from "../../lib/gauge-experiments/pair";

/** A tiny pair on 3-class spirals: 2 → 12 → 12 → 3, trained 30 epochs (under a second). */
export const TINY_PAIR: PairConfig = {
  data: { kind: "spirals", n: 240, numClasses: 3, numTest: 60, seed: 5 },
  arch: mlp([2, 12, 12, 3]),
  init: "heNormal",
  optimizer: { kind: "adam", lr: 0.03 },
  batchSize: 30,
  epochs: 30,
  seeds: [1, 2],
};

export { tempDir } from "../helpers/temp-dir";
