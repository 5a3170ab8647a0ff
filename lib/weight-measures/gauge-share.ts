import type { Architecture } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { canonicalGauge } from "../gauge/canonical-form";
import { matchedDistance, naiveDistance } from "../gauge/gauge-distance";
import { rescale } from "../gauge/rescale";
import { rescalingShare } from "./rescaling-share";

/** How much of a network's displacement from its start is gauge (plain JSON). */
export type GaugeShare = {
  /** `‖θ − θ₀‖` over every param, in the networks' own units. */
  readonly naive: number;
  /** The distance after both are rescaled to unit incoming norms per hidden unit (no permutation). */
  readonly scaled: number;
  /** `scaled`, after θ is also weight-matched (permuted) onto θ₀ (`matchedDistance`). */
  readonly matched: number;
  /** `1 − matched / scaled`: the share of the (scale-fixed) displacement a permutation undoes; ≥ 0 up to noise. */
  readonly permutationShare: number;
  /** The share of `‖θ − θ₀‖²` along the rescaling orbit's tangents at θ₀ (see `rescalingShare`). */
  readonly rescalingShare: number;
};

/**
 * The distance to the initial network before and after canonicalisation and weight matching: the naive
 * distance, the distance once both networks' rescaling gauge is fixed, and once the permutation gauge is fixed
 * too, and the share of the displacement along the rescaling orbit's tangents. What is left is motion that
 * changes the function.
 *
 * @param arch the architecture of both. @param init θ₀; read. @param params θ; read.
 * @param seed of weight matching's permutation order.
 * @throws as `naiveDistance` and `matchedDistance` (shapes, NaN or ±Inf).
 */
export function gaugeShare(arch: Architecture, init: Params, params: Params, seed = 0): GaugeShare {
  const naive = naiveDistance(init, params);
  const unit0 = rescale(arch, init, canonicalGauge(arch, init).scales);
  let unit: Params | undefined;
  try {
    unit = rescale(arch, params, canonicalGauge(arch, params).scales);
    const scaled = naiveDistance(unit0, unit);
    const matched = matchedDistance(arch, init, params, { seed });
    return {
      naive,
      scaled,
      matched,
      permutationShare: scaled > 0 ? 1 - matched / scaled : 0,
      rescalingShare: rescalingShare(arch, init, params),
    };
  } finally {
    disposeParams(unit0);
    if (unit) disposeParams(unit);
  }
}
