import { type DataSpec, loadData } from "../experiment/data-spec";
import type { TrainData } from "../train/train-options";

/** Train, validation and test sets of a lottery experiment: all three are needed (early stopping, accuracy). */
export type LotteryDataSets = Required<TrainData>;

/**
 * The datasets of a lottery experiment (see `loadData`), which must include a validation set.
 *
 * @returns plain host datasets (nothing to dispose).
 * @throws when the spec holds out no validation examples (`numVal` missing or 0), or as `loadData`.
 */
export function lotteryData(spec: DataSpec): LotteryDataSets {
  const { train, val, test } = loadData(spec);
  if (!val) {
    throw new Error(
      "lottery: the data needs a validation set for the early-stopping iteration; set data.numVal > 0 (e.g. 1000)",
    );
  }
  return { train, val, test };
}
