import { type Architecture, layersOf } from "../core/architecture";

/**
 * The names the optimizer may change: every param of `arch` except those of its frozen layers (`frozen: true`
 * in the layer spec, or a kind with fixed params) and the `frozen` names.
 *
 * @param frozen more param names to keep fixed, e.g. `layerParamNames(arch, 0)` to freeze the first layer.
 * @throws naming an unknown frozen name, or when everything would be frozen.
 */
export function trainableNames(arch: Architecture, frozen: readonly string[] = []): Set<string> {
  const layers = layersOf(arch);
  const names = layers.flatMap((layer) => Object.values(layer.paramNames));
  for (const name of frozen) {
    if (!names.includes(name)) throw new Error(`cannot freeze ${name}: the params are ${names.join(", ")}`);
  }
  const fixed = new Set(
    layers.filter((layer) => layer.frozen).flatMap((layer) => Object.values(layer.paramNames)),
  );
  const trainable = new Set(names.filter((name) => !frozen.includes(name) && !fixed.has(name)));
  if (trainable.size === 0) throw new Error("every parameter is frozen: nothing to train");
  return trainable;
}
