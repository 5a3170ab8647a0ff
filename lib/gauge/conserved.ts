import { type Architecture, checkParams } from "../core/architecture";
import { assertFiniteNetworks, assertFiniteParams } from "../core/finite";
import type { Params } from "../core/params";
import { addSquaresAlong, toHost } from "./host-array";
import { permutationSpec } from "./permutation-spec";

/** Squared norms of each unit's incoming vector `[w_in; b]` and outgoing weights, per unit group. */
export interface NeuronSquaredNorms {
  /** `incoming.P[j]`: the squares of unit j's incoming weights (every incoming slice) and bias, `[size]`. */
  readonly incoming: Record<string, Float64Array>;
  /** `outgoing.P[j]`: the squares of unit j's outgoing weights (every outgoing slice), `[size]`. */
  readonly outgoing: Record<string, Float64Array>;
}

/**
 * Per unit of every group of `permutationSpec(arch)`, the squared norms of its incoming vector (weights and
 * bias) and of its outgoing weights, summed in Float64 from the tensors' values (each slice in storage
 * order). Rescaling unit j by c multiplies `incoming` by c² and `outgoing` by c^-2p. Returns plain arrays.
 *
 * @param arch the architecture; @param params its params (read only).
 * @throws when the params do not fit `arch`, or a param holds NaN or Inf (checked first, one device sync).
 */
export function neuronSquaredNorms(arch: Architecture, params: Params): NeuronSquaredNorms {
  checkParams(arch, params, "neuronSquaredNorms");
  assertFiniteParams(params, "neuronSquaredNorms");
  return squaredNorms(arch, params);
}

/** {@link neuronSquaredNorms} of params already checked. */
function squaredNorms(arch: Architecture, params: Params): NeuronSquaredNorms {
  const incoming: Record<string, Float64Array> = {};
  const outgoing: Record<string, Float64Array> = {};
  for (const [p, group] of Object.entries(permutationSpec(arch).groups)) {
    const inSq = new Float64Array(group.size);
    const outSq = new Float64Array(group.size);
    for (const [name, axis] of group.incoming) addSquaresAlong(toHost(params[name]), axis, inSq);
    if (group.bias) addSquaresAlong(toHost(params[group.bias[0]]), group.bias[1], inSq);
    for (const [name, axis] of group.outgoing) addSquaresAlong(toHost(params[name]), axis, outSq);
    incoming[p] = inSq;
    outgoing[p] = outSq;
  }
  return { incoming, outgoing };
}

/**
 * The quantities conserved by gradient flow (any loss of the function alone, no weight decay): per unit of a
 * group of degree p, `q = ‖w_in‖² + b² − p·‖w_out‖²`. Derivation: scaling the unit by c = e^ε leaves the loss
 * unchanged, so its derivative in ε vanishes, `⟨∇_in L, θ_in⟩ − p⟨∇_out L, θ_out⟩ = 0`; under
 * `dθ/dt = −∇L`, `d‖θ_in‖²/dt = −2⟨θ_in, ∇_in L⟩` and `d‖θ_out‖²/dt = −2⟨θ_out, ∇_out L⟩`, so dq/dt = 0
 * (ReLU: p = 1, the familiar `‖w_in‖² + b² − ‖w_out‖²`; ReLU²: p = 2). Permuting units permutes q;
 * rescaling unit j by c turns it into `c²·in − p·out/c^2p`; SGD with step lr changes it by O(lr²) per step.
 * Groups without a rescaling symmetry (tanh, SiLU) have no such quantity and are left out.
 *
 * @param arch the architecture; @param params its params.
 * @returns one `Float32Array [size]` per group with a degree (computed in Float64); no tensors.
 * @throws when the params do not fit `arch`, a param holds NaN or Inf (one device sync), or a q overflows
 *   float32 (weights above ~1e19).
 */
export function conservedQuantities(arch: Architecture, params: Params): Record<string, Float32Array> {
  checkParams(arch, params, "conservedQuantities");
  assertFiniteParams(params, "conservedQuantities");
  const { incoming, outgoing } = squaredNorms(arch, params);
  const q: Record<string, Float32Array> = {};
  for (const [p, group] of Object.entries(permutationSpec(arch).groups)) {
    const degree = group.rescaleDegree;
    if (degree === null) continue;
    q[p] = Float32Array.from(incoming[p], (x, i) => x - degree * outgoing[p][i]);
    const j = q[p].findIndex((v) => !Number.isFinite(v));
    if (j >= 0) {
      throw new Error(
        `conservedQuantities: q of ${p} unit ${j} is ${incoming[p][j] - degree * outgoing[p][j]}, beyond ` +
          "float32's range (the weights are too large); neuronSquaredNorms gives its Float64 parts",
      );
    }
  }
  return q;
}

/** How far the conserved quantities moved between two parameter sets of one network. */
export interface ConservedDrift {
  /** `|q_after − q_before|` per unit, `[size]` per group with a rescaling symmetry. */
  readonly perGroup: Record<string, Float64Array>;
  /** The largest entry of `perGroup` (0 when there is none). */
  readonly maxAbs: number;
  /** The mean over all those units (0 when there is none). */
  readonly meanAbs: number;
}

/**
 * The drift of the conserved quantities (see {@link conservedQuantities}) from `before` to `after` (e.g. the
 * start and end of training), unit by unit in the same order, in Float64. Near zero under gradient flow;
 * grows like lr² per SGD step.
 *
 * @param arch the architecture both parameter sets belong to.
 * @throws when either parameter set does not fit `arch`, or holds NaN or Inf (one device sync for both).
 */
export function conservedDrift(arch: Architecture, before: Params, after: Params): ConservedDrift {
  checkParams(arch, before, "conservedDrift (before)");
  checkParams(arch, after, "conservedDrift (after)");
  assertFiniteNetworks({ "`before`": before, "`after`": after }, "conservedDrift");
  const [a, b] = [squaredNorms(arch, before), squaredNorms(arch, after)];
  let maxAbs = 0;
  let sum = 0;
  let count = 0;
  const perGroup: Record<string, Float64Array> = {};
  for (const [p, group] of Object.entries(permutationSpec(arch).groups)) {
    const degree = group.rescaleDegree;
    if (degree === null) continue;
    perGroup[p] = Float64Array.from(a.incoming[p], (x, i) => {
      const d = Math.abs(b.incoming[p][i] - degree * b.outgoing[p][i] - (x - degree * a.outgoing[p][i]));
      maxAbs = Math.max(maxAbs, d);
      sum += d;
      count++;
      return d;
    });
  }
  return { perGroup, maxAbs, meanAbs: count === 0 ? 0 : sum / count };
}
