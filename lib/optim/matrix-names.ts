import { type Architecture, layersOf } from "../core/architecture";
import type { Params } from "../core/params";

/**
 * The hidden weight matrices of `arch`: the 2-D params of every layer but the first (the input layer) and the
 * last (the head), e.g. `["dense1/kernel"]` for `mlp([784, 256, 256, 10])`. Pass it as a matrix optimizer's
 * `matrices` option (`{ kind: "muon", lr: 0.02, matrices: hiddenMatrices(arch) }`) to say exactly which params
 * Muon orthogonalises; every other param goes to the fallback optimizer.
 *
 * @throws as `layersOf` on a bad architecture.
 */
export function hiddenMatrices(arch: Architecture): string[] {
  const layers = layersOf(arch);
  const out: string[] = [];
  layers.forEach((layer, l) => {
    if (l === 0 || l === layers.length - 1) return;
    for (const [suffix, name] of Object.entries(layer.paramNames)) {
      if (layer.shapes[suffix].length === 2) out.push(name);
    }
  });
  return out;
}

/**
 * The params a matrix optimizer orthogonalises, resolved at its first step: `matrices` when given, else the
 * rule without an architecture, every 2-D param of `params` (in storage order) except the first and the last
 * (for an MLP: the input layer's and the head's kernels), which is {@link hiddenMatrices} for dense stacks.
 *
 * @param params all params, in storage order (the training loop passes them all, frozen ones included).
 * @throws naming `where` when a name in `matrices` is not a param or not 2-D.
 */
export function resolveMatrices(
  params: Params,
  matrices: readonly string[] | undefined,
  where: string,
): ReadonlySet<string> {
  if (matrices === undefined) {
    const twoD = Object.keys(params).filter((name) => params[name].rank === 2);
    return new Set(twoD.slice(1, -1));
  }
  for (const name of matrices) {
    if (!(name in params)) {
      throw new Error(
        `${where}: matrices names "${name}", which is not a param (the params are ${Object.keys(params).join(", ")})`,
      );
    }
    if (params[name].rank !== 2) {
      throw new Error(
        `${where}: matrices names "${name}" of shape [${params[name].shape}]; only 2-D weights can be ` +
          "orthogonalised, so leave it to the fallback optimizer",
      );
    }
  }
  return new Set(matrices);
}
