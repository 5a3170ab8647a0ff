import * as fs from "fs";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "./atomic-write";
import { type Architecture, checkParams, layersOf } from "./architecture";
import { describeValue } from "./check-options";
import type { Params } from "./params";

/** The JSON form of a model: format tag, its architecture, then per param its shape and values. */
export interface ModelJson {
  readonly format: "gaugelab-model/1";
  readonly arch: Architecture;
  readonly params: Readonly<
    Record<string, { readonly shape: readonly number[]; readonly values: readonly number[] }>
  >;
}

/** Throws naming `name` and the index of the first value that JSON cannot hold (NaN, ±Infinity). */
function assertJsonFinite(values: ArrayLike<number>, name: string, where: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(
        `${where}: ${name} holds ${values[i]} at index ${i}; JSON cannot store NaN or ±Infinity (they would ` +
          "load back as other numbers), so save finite params",
      );
    }
  }
}

/**
 * A model as plain JSON data (float32 values round-trip exactly); reads the tensors, nothing to dispose.
 *
 * @throws when the params do not fit `arch`, or a param holds NaN or ±Infinity (naming it).
 */
export function modelToJson(arch: Architecture, params: Params): ModelJson {
  checkParams(arch, params, "modelToJson");
  const out: Record<string, { shape: number[]; values: number[] }> = {};
  for (const [name, t] of Object.entries(params)) {
    const values = t.dataSync();
    assertJsonFinite(values, name, "modelToJson");
    out[name] = { shape: [...t.shape], values: Array.from(values) };
  }
  return { format: "gaugelab-model/1", arch, params: out };
}

const FORMAT = "gaugelab-model/1";
const DEFAULT_WHERE = "model JSON";

/** Checks one stored param: a shape of non-negative integers and as many finite numbers. */
function checkEntry(entry: unknown, name: string, where: string): { shape: number[]; values: number[] } {
  const e = entry as { shape?: unknown; values?: unknown } | null;
  if (typeof e !== "object" || e === null || !Array.isArray(e.shape) || !Array.isArray(e.values)) {
    throw new Error(`${where}: params["${name}"] must be { shape: number[], values: number[] }`);
  }
  const shape = e.shape as unknown[];
  if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new Error(`${where}: ${name} has shape ${JSON.stringify(shape)}; dims must be integers ≥ 0`);
  }
  const values = e.values as unknown[];
  const bad = values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(`${where}: ${name} value ${bad} is ${JSON.stringify(values[bad])}, not a finite number`);
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (values.length !== size)
    throw new Error(`${where}: ${name} is [${shape}] but holds ${values.length} values`);
  return { shape: shape as number[], values: values as number[] };
}

/**
 * A model from {@link ModelJson}, params in the stored order, checked against the stored architecture.
 *
 * @param where prefixes messages (default `"model JSON"`; {@link loadModel} passes the file).
 * @returns `{ arch, params }`; the caller owns the params' tensors.
 * @throws when the format tag is wrong, an entry is not `{ shape, values }` of finite numbers, a value
 *   count does not match its shape, or the params do not fit. Nothing is allocated on error.
 */
export function modelFromJson(
  json: ModelJson,
  where = DEFAULT_WHERE,
): { arch: Architecture; params: Params } {
  const j = json as Partial<ModelJson> | null | undefined;
  const format = typeof j === "object" && j !== null ? j.format : undefined;
  if (format !== FORMAT) {
    const prefix = where === DEFAULT_WHERE ? "" : `${where}: `;
    throw new Error(`${prefix}not a gaugelab model (format "${String(format)}", expected "${FORMAT}")`);
  }
  if (
    typeof json.params !== "object" ||
    json.params === null ||
    typeof json.arch !== "object" ||
    !json.arch
  ) {
    throw new Error(`${where}: it needs an \`arch\` and a \`params\` object; was the file cut short?`);
  }
  const entries = Object.entries(json.params).map(([name, e]) => [name, checkEntry(e, name, where)] as const);
  checkArch(json.arch, where);
  const params: Record<string, tf.Tensor> = {};
  for (const [name, { shape, values }] of entries) params[name] = tf.tensor(values, shape, "float32");
  try {
    checkParams(json.arch, params, where);
  } catch (err) {
    tf.dispose(Object.values(params));
    throw err;
  }
  return { arch: json.arch, params };
}

/** Checks the stored architecture, its errors prefixed by `where` (e.g. the file). */
function checkArch(arch: Architecture, where: string): void {
  try {
    layersOf(arch);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

function checkFile(file: unknown, where: string): void {
  if (typeof file !== "string" || file === "") {
    throw new Error(`${where}: file must be a non-empty path string; got ${describeValue(file)}`);
  }
}

/**
 * Writes a model as JSON to `file` atomically (temporary file, then rename), creating folders as needed.
 *
 * @throws as {@link modelToJson} (nothing is written), or naming the file when it cannot be written.
 */
export function saveModel(arch: Architecture, params: Params, file: string): void {
  checkFile(file, "saveModel");
  const text = JSON.stringify(modelToJson(arch, params));
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new Error(`saveModel: ${(err as Error).message.replace(/^gaugelab: /, "")}`);
  }
}

/**
 * Reads a model saved by {@link saveModel}.
 *
 * @returns `{ arch, params }`; the caller owns the params.
 * @throws naming the file when it is missing, unreadable, not JSON (or cut short), not a gaugelab model, or
 *   its params are malformed or do not fit its architecture. Nothing leaks.
 */
export function loadModel(file: string): { arch: Architecture; params: Params } {
  checkFile(file, "loadModel");
  if (!fs.existsSync(file)) throw new Error(`no saved model at ${file}`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`loadModel: cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${file}: not valid JSON (${(err as Error).message}); the file is cut short or is not a model ` +
        "written by saveModel",
    );
  }
  return modelFromJson(json as ModelJson, file);
}
