import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import type { Params } from "./params";

/** The JSON form of params: format tag, then per name its shape and values (float32 round-trips exactly). */
export interface ParamsJson {
  readonly format: "gaugelab-params/1";
  readonly params: Readonly<
    Record<string, { readonly shape: readonly number[]; readonly values: readonly number[] }>
  >;
}

/** `params` as plain JSON data (reads the tensors; nothing to dispose). */
export function paramsToJson(params: Params): ParamsJson {
  const out: Record<string, { shape: number[]; values: number[] }> = {};
  for (const [name, t] of Object.entries(params))
    out[name] = { shape: [...t.shape], values: Array.from(t.dataSync()) };
  return { format: "gaugelab-params/1", params: out };
}

/**
 * Params from {@link ParamsJson}, in the stored order. @returns new tensors the caller owns.
 * @throws when the format tag is wrong or a value count does not match its shape.
 */
export function paramsFromJson(json: ParamsJson): Params {
  if (json?.format !== "gaugelab-params/1") {
    throw new Error(
      `not gaugelab params JSON (format "${String(json?.format)}", expected "gaugelab-params/1")`,
    );
  }
  for (const [name, { shape, values }] of Object.entries(json.params)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size)
      throw new Error(`params JSON: ${name} is [${shape}] but holds ${values.length} values`);
  }
  const out: Record<string, tf.Tensor> = {};
  for (const [name, { shape, values }] of Object.entries(json.params))
    out[name] = tf.tensor(values, [...shape], "float32");
  return out;
}

/** Writes `params` as JSON to `file` atomically (temporary file, then rename), creating folders as needed. */
export function saveParams(params: Params, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(paramsToJson(params)));
  fs.renameSync(tmp, file);
}

/** Reads params saved by {@link saveParams}. @returns tensors the caller owns. @throws naming a missing file. */
export function loadParams(file: string): Params {
  if (!fs.existsSync(file)) throw new Error(`no saved params at ${file}`);
  return paramsFromJson(JSON.parse(fs.readFileSync(file, "utf8")) as ParamsJson);
}
