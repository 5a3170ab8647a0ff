import { biasName, kernelName, layerSizes, type Params } from "../core/params";

/** The parameter names of dense layer `layer`: `[dense{layer}/kernel, dense{layer}/bias]`. */
export function layerParamNames(layer: number): string[] {
  return [kernelName(layer), biasName(layer)];
}

/**
 * The names the optimizer may change: every name of `params` except the `frozen` ones.
 *
 * @param frozen parameter names to keep fixed, e.g. `layerParamNames(0)` to freeze the first layer.
 * @throws naming an unknown frozen name, or when everything would be frozen.
 */
export function trainableNames(params: Params, frozen: readonly string[] = []): Set<string> {
  layerSizes(params);
  const names = Object.keys(params);
  for (const name of frozen) {
    if (!names.includes(name)) throw new Error(`cannot freeze ${name}: params have ${names.join(", ")}`);
  }
  const trainable = new Set(names.filter((name) => !frozen.includes(name)));
  if (trainable.size === 0) throw new Error("every parameter is frozen: nothing to train");
  return trainable;
}

/** Per-parameter trainable flags, `{ name: true | false }` in params order (for display and configs). */
export function trainableFlags(params: Params, frozen: readonly string[] = []): Record<string, boolean> {
  const trainable = trainableNames(params, frozen);
  return Object.fromEntries(Object.keys(params).map((name) => [name, trainable.has(name)]));
}

/** The frozen names of a flags record (the inverse of {@link trainableFlags}). */
export function frozenFromFlags(flags: Readonly<Record<string, boolean>>): string[] {
  return Object.entries(flags)
    .filter(([, on]) => !on)
    .map(([name]) => name);
}
