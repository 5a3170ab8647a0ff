import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams } from "./architecture";
import type { Params } from "./params";

/** The JSON form of a model: format tag, its architecture, then per param its shape and values. */
export interface ModelJson {
  readonly format: "gaugelab-model/1";
  readonly arch: Architecture;
  readonly params: Readonly<
    Record<string, { readonly shape: readonly number[]; readonly values: readonly number[] }>
  >;
}

/** A model as plain JSON data (float32 values round-trip exactly); reads the tensors, nothing to dispose. */
export function modelToJson(arch: Architecture, params: Params): ModelJson {
  checkParams(arch, params, "modelToJson");
  const out: Record<string, { shape: number[]; values: number[] }> = {};
  for (const [name, t] of Object.entries(params))
    out[name] = { shape: [...t.shape], values: Array.from(t.dataSync()) };
  return { format: "gaugelab-model/1", arch, params: out };
}

/**
 * A model from {@link ModelJson}, params in the stored order, checked against the stored architecture.
 *
 * @returns `{ arch, params }`; the caller owns the params' tensors.
 * @throws when the format tag is wrong, a value count does not match its shape, or the params do not fit.
 */
export function modelFromJson(json: ModelJson): { arch: Architecture; params: Params } {
  if (json?.format !== "gaugelab-model/1") {
    throw new Error(`not a gaugelab model (format "${String(json?.format)}", expected "gaugelab-model/1")`);
  }
  if (typeof json.params !== "object" || json.params === null || typeof json.arch !== "object") {
    throw new Error("model JSON: it needs an `arch` and a `params` object; was the file cut short?");
  }
  for (const [name, { shape, values }] of Object.entries(json.params)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size)
      throw new Error(`model JSON: ${name} is [${shape}] but holds ${values.length} values`);
  }
  const params: Record<string, tf.Tensor> = {};
  for (const [name, { shape, values }] of Object.entries(json.params)) {
    params[name] = tf.tensor(values, [...shape], "float32");
  }
  try {
    checkParams(json.arch, params, "model JSON");
  } catch (err) {
    tf.dispose(Object.values(params));
    throw err;
  }
  return { arch: json.arch, params };
}

/** Writes a model as JSON to `file` atomically (temporary file, then rename), creating folders as needed. */
export function saveModel(arch: Architecture, params: Params, file: string): void {
  const text = JSON.stringify(modelToJson(arch, params));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Reads a model saved by {@link saveModel}. @returns `{ arch, params }`; the caller owns the params. */
export function loadModel(file: string): { arch: Architecture; params: Params } {
  if (!fs.existsSync(file)) throw new Error(`no saved model at ${file}`);
  return modelFromJson(JSON.parse(fs.readFileSync(file, "utf8")) as ModelJson);
}
