import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, layersOf } from "../core/architecture";
import { describeValue } from "../core/check-options";
import { disposeParams, type Params } from "../core/params";
import { permutationSpec, type UnitGroup } from "./permutation-spec";
import { assertRescaledInRange, normalFloat32 } from "./rescale-range";

/**
 * Positive per-unit scales keyed by unit group (`P_l`, as perms are): `scales.P_l[j]` scales unit j of
 * group `P_l`. Exactly the groups with a rescaling symmetry (`rescaleDegree !== null`) have an entry.
 */
export type Scales = Readonly<Record<string, ArrayLike<number>>>;

/** Why group `p`'s units cannot be rescaled, for error messages: `tanh units` or `the units of <layer>`. */
function unitsOf(arch: Architecture, group: UnitGroup): string {
  const layer = layersOf(arch)[group.layer];
  const activation = layer.spec.activation;
  return typeof activation === "string" ? `${activation} units` : `the units of ${layer.name}`;
}

/**
 * Checks `scales` fits `arch`: one vector per unit group with a rescaling symmetry, of the group's size,
 * every entry positive and finite, and nothing else. Every c, and c^p for a group of degree p, must also be a
 * normal float32 (between 2^-126 ≈ 1.2e-38 and ≈ 3.4e38), since rescale multiplies and divides by them in
 * float32: c = 1e39 would be Infinity there, and c = 1e-20 at degree 2 would divide by a subnormal.
 *
 * @param label prefixes the message (the calling function's name).
 * @throws naming the first misfit: an unknown group, a group without rescaling symmetry (and why), a
 *   missing group, a wrong length, or an entry that is not a number, zero, negative, NaN, infinite or out
 *   of float32's range.
 */
export function assertScalesFit(arch: Architecture, scales: Scales, label = "rescale"): void {
  if (typeof scales !== "object" || scales === null || Array.isArray(scales)) {
    throw new Error(
      `${label}: scales must be an object of one vector per unit group, e.g. { P_0: [...] }; got ` +
        describeValue(scales),
    );
  }
  const { groups } = permutationSpec(arch);
  const names = Object.keys(groups);
  const rescalable = names.filter((p) => groups[p].rescaleDegree !== null);
  const list = (ps: string[]) => (ps.length === 0 ? "none" : ps.join(", "));
  for (const p of Object.keys(scales)) {
    const group = groups[p];
    if (!group)
      throw new Error(`${label}: ${p} is not a unit group of this architecture (it has ${list(names)})`);
    if (group.rescaleDegree === null) {
      throw new Error(
        `${label}: ${p}: ${unitsOf(arch, group)} have no rescaling symmetry (act(c·z) is not c^p·act(z)); ` +
          `leave ${p} out of the scales`,
      );
    }
  }
  for (const p of rescalable) {
    const c = scales[p];
    if (!c) throw new Error(`${label}: no scales for ${p} (the groups that rescale are ${list(rescalable)})`);
    if (!Array.isArray(c) && !ArrayBuffer.isView(c)) {
      throw new Error(`${label}: ${p} must be an array of scales; got ${describeValue(c)}`);
    }
    if (c.length !== groups[p].size) {
      throw new Error(`${label}: ${p} has ${c.length} scales but the group has ${groups[p].size} units`);
    }
    const degree = groups[p].rescaleDegree as number;
    for (let i = 0; i < c.length; i++) {
      if (typeof c[i] !== "number" || !(c[i] > 0) || !Number.isFinite(c[i])) {
        throw new Error(`${label}: ${p}[${i}] is ${c[i]}; scales must be positive and finite`);
      }
      if (!normalFloat32(c[i]) || !normalFloat32(Math.fround(c[i]) ** degree)) {
        const power = degree === 1 ? "it" : `it and its power ${degree}`;
        throw new Error(
          `${label}: ${p}[${i}] is ${c[i]}; ${power} must lie in float32's range (about 1.2e-38 to 3.4e38), ` +
            "as rescale computes in float32",
        );
      }
    }
  }
}

/** `c` reshaped to broadcast along `axis` of a rank-`rank` tensor. */
function along(c: Float32Array, axis: number, rank: number): tf.Tensor {
  const shape = new Array<number>(rank).fill(1);
  shape[axis] = c.length;
  return tf.tensor(c, shape);
}

/**
 * Positive rescaling, the continuous symmetry of positively homogeneous units: unit j of group `P` (degree
 * p = `rescaleDegree`) gets its incoming weights and bias × c and its outgoing weights × c^-p, where
 * `c = scales.P[j]`. The function is unchanged (ReLU: p = 1, ReLU²: p = 2). Per tensor, every incoming
 * multiplication comes first, then the outgoing divisions (by c, or by c^p computed from float32 c).
 *
 * The result is checked (one reduction over inputs and outputs, one device sync; see `assertRescaledInRange`):
 * every rescaled entry must be finite, and every entry whose square was a normal float32
 * (1.1e-19 <= |w| < 1.8e19) must still be so. Scales that push weights out of that range (c = 1e30 or 1e-30 on
 * weights near 1) are an error naming the entry and its scale: the kit squares weights (conserved quantities,
 * weight decay, optimisers), and those squares would overflow or vanish. A NaN or Inf input is named as such.
 *
 * @param arch the architecture; @param params its params.
 * @param scales one positive vector `[size]` per group with a rescaling symmetry (see {@link Scales}).
 * @returns new parameters; the caller owns (disposes) them.
 * @throws when the params do not fit `arch`, the scales do not fit (see {@link assertScalesFit}), a param
 *   holds NaN or Inf, or a rescaled entry leaves that range (naming the param, the entry, its values, its scales).
 */
export function rescale(arch: Architecture, params: Params, scales: Scales): Params {
  checkParams(arch, params, "rescale");
  assertScalesFit(arch, scales, "rescale");
  const muls: Record<string, [number, Float32Array][]> = {};
  const divs: Record<string, [number, Float32Array][]> = {};
  const scaledBy: Record<string, [number, string][]> = {};
  const add = (to: typeof muls, [name, axis]: readonly [string, number], c: Float32Array, p: string) => {
    (to[name] ??= []).push([axis, c]);
    (scaledBy[name] ??= []).push([axis, p]);
  };
  for (const [p, group] of Object.entries(permutationSpec(arch).groups)) {
    const degree = group.rescaleDegree;
    if (degree === null) continue;
    const c = Float32Array.from(scales[p]);
    const cp = degree === 1 ? c : Float32Array.from(c, (x) => x ** degree);
    for (const pair of group.incoming) add(muls, pair, c, p);
    if (group.bias) add(muls, group.bias, c, p);
    for (const pair of group.outgoing) add(divs, pair, cp, p);
  }
  const rescaled = tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, original] of Object.entries(params)) {
      let t = original;
      for (const [axis, c] of muls[name] ?? []) t = tf.mul(t, along(c, axis, t.rank));
      for (const [axis, c] of divs[name] ?? []) t = tf.div(t, along(c, axis, t.rank));
      out[name] = t === original ? t.clone() : t;
    }
    return out;
  });
  const culprit = (name: string, index: readonly number[]) =>
    "scaled by " +
    (scaledBy[name] ?? [])
      .map(([axis, p]) => `${p}[${index[axis]}] = ${scales[p][index[axis]]}`)
      .join(" and ");
  try {
    assertRescaledInRange(params, rescaled, culprit);
  } catch (e) {
    disposeParams(rescaled);
    throw e;
  }
  return rescaled;
}
