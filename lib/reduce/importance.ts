import type { Architecture } from "../core/architecture";
import type { Params } from "../core/params";
import { hiddenLayer, incomingWithBias, norm, outgoingRows } from "./hidden-layer";

/**
 * A gauge-invariant importance of each unit of a hidden layer: `‖a_j‖ · ‖w_j‖^p`, the norm of its outgoing
 * weights times its incoming weights' and bias's norm to the rescaling degree p (p = 1 for ReLU: |a_j|·‖w_j‖
 * for a scalar output weight). Scaling unit j's incoming weights and bias by c > 0 and its outgoing ones by
 * c^-p leaves it unchanged, and permuting units permutes it (tested). In a one-hidden-layer net that is the
 * whole gauge; deeper, rescaling the layer above changes the outgoing norms.
 *
 * @param layer the hidden layer's index (default 0).
 * @returns one value per unit (host numbers, no tensors).
 * @throws when the params do not fit `arch`, hold NaN or Inf, or the layer is not a dense hidden layer with a
 *   rescaling symmetry.
 */
export function neuronImportance(arch: Architecture, params: Params, layer = 0): number[] {
  const hidden = hiddenLayer(arch, params, layer, "neuronImportance");
  const ins = incomingWithBias(params, hidden.group);
  const outs = outgoingRows(params, hidden.group);
  return ins.map((w, j) => norm(outs[j]) * norm(w) ** hidden.degree);
}

/**
 * The participation ratio `(Σ s_j)² / (n Σ s_j²)` of the importances s of one hidden layer: 1 when every
 * unit matters equally, 1/n when one unit carries everything. Gauge-invariant, as the importances are.
 *
 * @returns a number in [1/n, 1] (1 for an all-zero layer).
 */
export function importanceSpread(arch: Architecture, params: Params, layer = 0): number {
  const s = neuronImportance(arch, params, layer);
  const sum = s.reduce((a, b) => a + b, 0);
  const sq = s.reduce((a, b) => a + b * b, 0);
  return sq === 0 ? 1 : (sum * sum) / (s.length * sq);
}
