import type * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams, layersOf, prunableParams } from "../core/architecture";
import { describeValue, type OptionShape } from "../core/check-options";
import { didYouMean } from "../core/closest";
import { firstNonFinite } from "../core/finite";
import type { Json } from "../core/json";
import type { Params } from "../core/params";
import type { Mask } from "../train/mask";

/**
 * The one signature every pruning strategy shares: read the architecture, its `params` and the current `mask`,
 * return a new, sparser `Mask`. Inputs are left untouched; the caller owns (disposes) the returned mask.
 * Masks only ever cover the architecture's prunable params (`prunableParams(arch)`; dense: the kernel).
 */
export type PruneStrategy<O> = (arch: Architecture, params: Params, mask: Mask, options: O) => Mask;

/** A strategy's options as the registry passes them: JSON values, and tensors for SNIP's batch `X`/`y`. */
export interface PruningOptions {
  readonly [option: string]: Json | tf.Tensor | undefined;
}

/**
 * A pruning choice in a config: a registered kind and its options, e.g.
 * `{ kind: "magnitude-layerwise", rate: 0.2, outputRate: 0.1 }`. Plain JSON (hashable), except SNIP's batch
 * `X`/`y`, which are tensors. `prune(arch, params, mask, config)` dispatches it through the registry.
 */
export interface PruningConfig extends PruningOptions {
  readonly kind: string;
}

/**
 * A registered pruning strategy: its kind name, the types of its options (for `checkOptions`; `kind` is
 * implied), and the strategy itself, which checks the option values.
 *
 * @typeParam O the strategy's options type (without `kind`).
 */
export interface PruneKind<O = PruningOptions> {
  readonly kind: string;
  readonly options: OptionShape;
  readonly prune: PruneStrategy<O>;
}

/** Options every strategy accepts: which prunable params (e.g. `dense0/kernel`) it may prune. */
export interface LayerOptions {
  /** Prunable param names to prune; each strategy documents its default. */
  readonly layers?: readonly string[];
}

/** The output layer's prunable param: the last of `prunableParams(arch)` (an MLP's `dense{L-1}/kernel`). */
export function outputLayer(arch: Architecture): string {
  const all = prunableParams(arch);
  return all[all.length - 1];
}

/** Why the architecture's param `name` is not prunable, or `undefined` when it is not a param of `arch`. */
function notPrunable(arch: Architecture, name: string): string | undefined {
  for (const layer of layersOf(arch)) {
    const suffix = Object.keys(layer.paramNames).find((s) => layer.paramNames[s] === name);
    if (suffix === undefined) continue;
    if (suffix in (layer.kind.outputUnits?.bias ?? {})) return "biases are never pruned";
    const prunable = layer.kind.prunable.map((s) => layer.paramNames[s]);
    const where = `layer ${layer.name} (kind "${layer.kind.kind}")`;
    return prunable.length === 0
      ? `${where} has no prunable params`
      : `${where} prunes only ${prunable.join(", ")}`;
  }
  return undefined;
}

/**
 * Checks `layers` against `prunableParams(arch)` and returns them in storage order (duplicates dropped), or
 * `fallback` when `layers` is undefined.
 *
 * @throws `<strategy>: unknown layer <name>; did you mean "<closest>"? (valid layers: dense0/kernel, ...)`,
 *   `<strategy>: cannot prune dense0/bias: biases are never pruned`, or `<strategy>: layers is empty; ...`.
 */
export function resolveLayers(
  strategy: string,
  arch: Architecture,
  layers: readonly string[] | undefined,
  fallback: readonly string[],
): string[] {
  const valid = prunableParams(arch);
  const chosen = layers ?? fallback;
  if (chosen.length === 0) throw new Error(`${strategy}: layers is empty; valid layers: ${valid.join(", ")}`);
  for (const name of chosen) {
    if (valid.includes(name)) continue;
    const why = typeof name === "string" ? notPrunable(arch, name) : undefined;
    if (why) throw new Error(`${strategy}: cannot prune ${name}: ${why}`);
    const hint = typeof name === "string" ? didYouMean(name, valid) : "";
    throw new Error(`${strategy}: unknown layer ${String(name)}${hint} (valid layers: ${valid.join(", ")})`);
  }
  return valid.filter((name) => chosen.includes(name));
}

/** @throws `<strategy>: <what> must be in (0, 1); got <value>` unless `value` is a number with 0 < value < 1. */
export function checkRate(strategy: string, what: string, value: number): void {
  if (typeof value !== "number") {
    throw new Error(`${strategy}: ${what} must be a number in (0, 1); got ${describeValue(value)}`);
  }
  if (!(value > 0 && value < 1)) throw new Error(`${strategy}: ${what} must be in (0, 1); got ${value}`);
}

/** @throws `<strategy>: density must be in (0, 1]; got <value>` unless `value` is a number with 0 < value ≤ 1. */
export function checkDensity(strategy: string, value: number): void {
  if (typeof value !== "number") {
    throw new Error(`${strategy}: density must be a number in (0, 1]; got ${describeValue(value)}`);
  }
  if (!(value > 0 && value <= 1)) throw new Error(`${strategy}: density must be in (0, 1]; got ${value}`);
}

/**
 * The checks every strategy runs first: `params` are exactly the params of `arch`, `mask` fits them (same
 * names and shapes) and covers only prunable params, and every value is finite (one reduction over all
 * params, one device sync).
 *
 * @throws prefixed with `<strategy>: `, naming the offending parameter or mask entry.
 */
export function checkInputs(strategy: string, arch: Architecture, params: Params, mask: Mask): void {
  checkParams(arch, params, strategy);
  try {
    mask.assertFits(params);
  } catch (e) {
    throw new Error(`${strategy}: ${(e as Error).message}`);
  }
  const prunable = prunableParams(arch);
  for (const name of mask.names) {
    if (!prunable.includes(name)) {
      throw new Error(`${strategy}: mask entry ${name} is not prunable: ${notPrunable(arch, name)}`);
    }
  }
  const names = Object.keys(params);
  const bad = firstNonFinite(names.map((name) => params[name]));
  if (bad >= 0) throw new Error(`${strategy}: ${names[bad]} holds NaN or infinite values`);
}
