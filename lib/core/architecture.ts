import * as tf from "@tensorflow/tfjs";
import type { Activation } from "./activations";
import { checkOptions, describeValue } from "./check-options";
import type { LayerKind, LayerSpec } from "./layer-kind";
import { LAYER_KINDS } from "./layer-registry";
import type { Params } from "./params";

/**
 * A model as data: the input width and a list of layer specs, e.g. `mlp([784, 300, 100, 10])`. Plain JSON,
 * so it goes into configs and cache keys. Params are initialised from it (`initParams`), and forward,
 * backward, masks, freezing, the gauge tools and serialisation all read it.
 */
export interface Architecture {
  readonly inDim: number;
  readonly layers: readonly LayerSpec[];
}

/** A layer of an architecture, resolved: its name, kind, widths and full param names. */
export interface Layer {
  readonly index: number;
  /** `spec.name`, or `<kind><index>` (e.g. `dense0`). */
  readonly name: string;
  readonly spec: LayerSpec;
  readonly kind: LayerKind;
  readonly inDim: number;
  readonly outDim: number;
  /** Suffix → full param name, in storage order, e.g. `{ kernel: "dense0/kernel", bias: "dense0/bias" }`. */
  readonly paramNames: Readonly<Record<string, string>>;
  /** Suffix → shape. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /** Whether the layer's params never train: `spec.frozen`, else the kind's `frozenByDefault`. */
  readonly frozen: boolean;
}

/**
 * A multilayer perceptron: dense layers of widths `sizes[1..]`, `activation` on the hidden layers and a linear
 * output layer (logits).
 *
 * @param sizes `[inDim, h0, ..., outDim]`, e.g. `[784, 300, 100, 10]` for LeNet-300-100.
 * @throws when `sizes` has fewer than 2 entries or a width that is not a positive integer, or on an unknown
 *   option (a misspelled `activaton` must not silently give ReLU). `layersOf` checks the activation's name.
 */
export function mlp(
  sizes: readonly number[],
  options: { readonly activation?: Activation } = {},
): Architecture {
  checkOptions(options, { activation: "string?" }, "mlp");
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`mlp: sizes must be ≥ 2 positive integers [inDim, ..., outDim]; got [${sizes}]`);
  }
  const activation = options.activation ?? "relu";
  const layers = sizes.slice(1).map((units, l) => ({
    kind: "dense",
    units,
    activation: l < sizes.length - 2 ? activation : "linear",
  }));
  return { inDim: sizes[0], layers };
}

const resolved = new WeakMap<Architecture, readonly Layer[]>();

/**
 * The layers of `arch`, checked and resolved (memoised per architecture object).
 *
 * @throws naming the layer and option at fault: an unknown kind (with the closest known one), an unknown or
 *   mistyped option, a bad value, a duplicate layer name.
 */
export function layersOf(arch: Architecture): readonly Layer[] {
  const known = resolved.get(arch);
  if (known) return known;
  checkOptions(arch, { inDim: "number", layers: "array" }, "architecture");
  if (!(Number.isInteger(arch.inDim) && arch.inDim > 0)) {
    throw new Error(`architecture: inDim must be a positive integer; got ${arch.inDim}`);
  }
  if (arch.layers.length === 0) throw new Error("architecture: layers is empty; give at least one layer");
  const layers: Layer[] = [];
  const names = new Set<string>();
  let inDim = arch.inDim;
  arch.layers.forEach((spec, index) => {
    const where = `architecture: layers[${index}]`;
    if (typeof spec !== "object" || spec === null) throw new Error(`${where} is ${describeValue(spec)}`);
    const kind = LAYER_KINDS.get(spec.kind, where);
    checkOptions(spec, { kind: "string", name: "string?", frozen: "boolean?", ...kind.options }, where);
    kind.check(spec, inDim, `${where} (${spec.kind})`);
    const name = spec.name ?? `${spec.kind}${index}`;
    if (name.includes("/") || name === "")
      throw new Error(`${where}: name "${name}" must be non-empty, no "/"`);
    if (names.has(name)) throw new Error(`${where}: the name "${name}" is used twice`);
    names.add(name);
    const shapes = kind.paramShapes(spec, inDim);
    const paramNames = Object.fromEntries(Object.keys(shapes).map((s) => [s, `${name}/${s}`]));
    const outDim = kind.outDim(spec, inDim);
    layers.push({
      index,
      name,
      spec,
      kind,
      inDim,
      outDim,
      paramNames,
      shapes,
      frozen: spec.frozen ?? kind.frozenByDefault ?? false,
    });
    inDim = outDim;
  });
  resolved.set(arch, layers);
  return layers;
}

/** The widths along the network, `[inDim, out_0, ..., out_{L-1}]` (an MLP's `sizes`). */
export function layerSizes(arch: Architecture): number[] {
  return [arch.inDim, ...layersOf(arch).map((layer) => layer.outDim)];
}

/** Every param name with its shape, in storage order (layer order, then the kind's order). */
export function paramShapes(arch: Architecture): Record<string, readonly number[]> {
  const out: Record<string, readonly number[]> = {};
  for (const layer of layersOf(arch)) {
    for (const [suffix, name] of Object.entries(layer.paramNames)) out[name] = layer.shapes[suffix];
  }
  return out;
}

/** The params pruning may mask (every dense kernel, never a bias), in storage order. */
export function prunableParams(arch: Architecture): string[] {
  return layersOf(arch).flatMap((layer) => layer.kind.prunable.map((s) => layer.paramNames[s]));
}

/** The names of the params of layer `layer` (its index or name), e.g. to freeze it. */
export function layerParamNames(arch: Architecture, layer: number | string): string[] {
  const layers = layersOf(arch);
  const found = typeof layer === "number" ? layers[layer] : layers.find((l) => l.name === layer);
  if (!found) {
    throw new Error(
      `no layer ${JSON.stringify(layer)}; the layers are ${layers.map((l) => l.name).join(", ")}`,
    );
  }
  return Object.values(found.paramNames);
}

/**
 * Checks that `params` are exactly the params of `arch`: the same names, each of its shape.
 *
 * @param where prefixes the message (the calling function's name).
 * @throws naming the first missing, extra or misshapen param.
 */
export function checkParams(arch: Architecture, params: Params, where: string): void {
  const shapes = paramShapes(arch);
  const expected = Object.keys(shapes);
  for (const name of Object.keys(params)) {
    if (!(name in shapes)) {
      throw new Error(
        `${where}: params have ${name}, which the architecture does not (it has ${expected.join(", ")})`,
      );
    }
  }
  for (const name of expected) {
    const t = params[name];
    if (!t) throw new Error(`${where}: params have no ${name} [${shapes[name]}]`);
    if (!tf.util.arraysEqual(t.shape, shapes[name] as number[])) {
      throw new Error(`${where}: ${name} is [${t.shape}] but the architecture makes it [${shapes[name]}]`);
    }
  }
}
