import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams } from "../core/architecture";
import type { Params } from "../core/params";
import type { Perms } from "./perm";
import { assertPermsFit, permutationSpec } from "./permutation-spec";

/**
 * Permutes one tensor along every axis the spec assigns a permutation, skipping `exceptAxis`
 * (Re-Basin's `get_permuted_param`). `permuted[.., i, ..] = t[.., perm[i], ..]`.
 *
 * @param t a parameter tensor, any rank.
 * @param axes one entry per axis of `t`: the permutation name or `null` (from `spec.axesToPerm`).
 * @param perms the permutations, assumed checked.
 * @param exceptAxis an axis to leave as it is, or -1.
 * @returns a new tensor of `t`'s shape; the caller owns it.
 */
export function permuteTensor(
  t: tf.Tensor,
  axes: ReadonlyArray<string | null>,
  perms: Perms,
  exceptAxis = -1,
): tf.Tensor {
  return tf.tidy(() => {
    let out = t;
    axes.forEach((p, axis) => {
      if (p === null || axis === exceptAxis) return;
      out = tf.gather(out, tf.tensor1d(perms[p] as number[], "int32"), axis);
    });
    // A fresh tensor: on wasm, gather's output keeps an internal 4-D shape record that the fused matMul
    // in `forward` rejects for a bias ("only supports rank-1 bias"); clone writes a record of the true shape.
    return out.clone();
  });
}

/**
 * Applies hidden-unit permutations to every parameter, as `permutationSpec(arch)` places them: the permuted
 * network computes the same function.
 *
 * @param arch the architecture; @param params its params, e.g. an MLP's `dense{l}/kernel [in, out]`, `dense{l}/bias`.
 * @param perms one permutation per unit group of the spec (`P_0 .. P_{numHidden-1}` for an MLP); see {@link Perm}.
 * @returns new parameters with the same names and shapes; the caller owns (disposes) them.
 * @throws when the params do not fit `arch`, or a perm is missing, unknown or not a permutation.
 */
export function permute(arch: Architecture, params: Params, perms: Perms): Params {
  checkParams(arch, params, "permute");
  const spec = permutationSpec(arch);
  assertPermsFit(spec, perms, "permute");
  const out: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(params)) out[name] = permuteTensor(t, spec.axesToPerm[name], perms);
  return out;
}
