import type * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { DEFAULT_LOTTERY, type LotteryConfig } from "../../lib/lottery/config";
import { lotteryData } from "../../lib/lottery/data";
import type { Mask } from "../../lib/train/mask";
import type { Params } from "../../lib/core/params";

/** A tiny lottery config: 2-D spirals, a [2, 24, 16, 3] MLP, 40 steps per round, 4 rounds. Runs in well under a second per round. */
export const TINY: LotteryConfig = {
  ...DEFAULT_LOTTERY,
  data: { kind: "spirals", n: 240, numClasses: 3, numVal: 40, numTest: 40, seed: 0 },
  arch: mlp([2, 24, 16, 3]),
  optimizer: { kind: "adam", lr: 0.01 },
  batchSize: 32,
  numSteps: 40,
  evalEvery: 10,
  numRounds: 4,
  controlEvery: 1,
};

/** The tiny config's datasets. */
export const TINY_DATA = lotteryData(TINY.data);

export { tempDir } from "../helpers/temp-dir";

/** The values of `t` as a plain array (-0 read as 0: a masked weight is 0 × w, which may carry a sign). */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync(), (v) => (v === 0 ? 0 : v));
}

/** The 0/1 values of a mask entry. */
export function maskOf(mask: Mask, name: string): number[] {
  const m = mask.get(name);
  if (!m) throw new Error(`mask has no ${name}`);
  return values(m);
}

/** Per-entry copies of a mask's values. */
export function maskCopy(mask: Mask): Record<string, number[]> {
  return Object.fromEntries(mask.names.map((name) => [name, maskOf(mask, name)]));
}

/** Per-entry copies of params' values. */
export function paramsCopy(params: Params): Record<string, number[]> {
  return Object.fromEntries(Object.entries(params).map(([name, t]) => [name, values(t)]));
}

/** The kernel names of the tiny net. */
export const KERNELS = ["dense0/kernel", "dense1/kernel", "dense2/kernel"];
