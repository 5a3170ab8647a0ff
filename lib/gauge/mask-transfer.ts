import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { Mask } from "../train/mask";
import type { Perms } from "./perm";
import { assertPermsFit, permutationSpec } from "./permutation-spec";
import { permuteTensor } from "./permute";

/**
 * Moves a pruning mask along with its network (the sparse re-basin idea): if `perms` takes network A into B's
 * basin (`permute(A, perms)` ≈ B), `permuteMask(arch, maskA, perms)` is A's ticket laid over B's units.
 * Permuting commutes with masking: `mask.apply(params)` permuted equals `permuteMask(arch, mask, perms).apply(permute(arch, params, perms))`.
 *
 * @param arch the networks' architecture (its `permutationSpec` says which perm acts on which axis).
 * @param mask a mask over some of the architecture's parameters (kernels, usually).
 * @param perms the permutations, e.g. `weightMatching(arch, B, A).perms` (which moves A onto B).
 * @returns a new Mask with the same entries permuted; the caller owns (disposes) it.
 * @throws when a mask entry is not in the spec or its shape does not fit, or the perms do not fit.
 */
export function permuteMask(arch: Architecture, mask: Mask, perms: Perms): Mask {
  const spec = permutationSpec(arch);
  assertPermsFit(spec, perms, "permuteMask");
  for (const name of mask.names) {
    const axes = spec.axesToPerm[name];
    const t = mask.get(name) as tf.Tensor;
    if (!axes) throw new Error(`permuteMask: the spec does not describe mask entry ${name}`);
    if (axes.length !== t.rank) {
      throw new Error(
        `permuteMask: the spec gives ${name} ${axes.length} axes but the mask entry is [${t.shape}]`,
      );
    }
    axes.forEach((p, axis) => {
      if (p !== null && t.shape[axis] !== spec.permSizes[p]) {
        throw new Error(
          `permuteMask: the spec puts ${p} (${spec.permSizes[p]} units) on axis ${axis} of mask entry ${name} ` +
            `[${t.shape}], which has ${t.shape[axis]}`,
        );
      }
    });
  }
  const entries: Record<string, tf.Tensor> = {};
  try {
    for (const name of mask.names)
      entries[name] = permuteTensor(mask.get(name) as tf.Tensor, spec.axesToPerm[name], perms);
    return Mask.fromTensors(entries);
  } catch (e) {
    tf.dispose(Object.values(entries)); // fromTensors leaves its tensors to the caller when it throws
    throw e;
  }
}
