import * as tf from "@tensorflow/tfjs";
import { didYouMean } from "./closest";

/** The type names {@link checkOptions} knows. `"tensor"` is a `tf.Tensor`; `"any"` accepts every value. */
export type TypeName = "number" | "string" | "boolean" | "array" | "object" | "function" | "tensor" | "any";

/**
 * What each option of an options object must be: a type name or several joined by `|`, with a trailing `?`
 * when the option may be left out, e.g. `{ lr: "number", beta1: "number?", callbacks: "object|array?" }`.
 */
export type OptionShape = Readonly<Record<string, string>>;

function typeOf(value: unknown): TypeName | "undefined" | "null" {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof tf.Tensor) return "tensor";
  const t = typeof value;
  if (t === "number" || t === "string" || t === "boolean" || t === "function") return t;
  return "object";
}

/** A value as an error message names it: `a string ("0.1")`, `the number 3`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  const t = typeOf(value);
  if (t === "string") return `a string (${JSON.stringify(value)})`;
  if (t === "number" || t === "boolean") return `the ${t} ${String(value)}`;
  if (t === "undefined" || t === "null") return t;
  return t === "array" || t === "object" ? `an ${t}` : `a ${t}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Checks the keys and value types of an options object before anything runs: every key must be one of
 * `shape`'s (a misspelled `batchsize` is an error naming `batchSize`, never silently the default), every
 * required key present, every value of the expected type (a string `"0.1"` for a number says it got a string).
 * Values' ranges are the caller's to check. Keys whose value is `undefined` count as absent.
 *
 * @param where prefixes the message, e.g. `"train"` or `"adam"`.
 * @throws naming the first offending key, the closest valid key, and the expected type.
 */
export function checkOptions(value: unknown, shape: OptionShape, where: string): void {
  if (typeOf(value) !== "object") {
    throw new Error(`${where}: expected an object of options; got ${describeValue(value)}`);
  }
  const record = value as Record<string, unknown>;
  const valid = Object.keys(shape);
  for (const key of Object.keys(record)) {
    if (record[key] === undefined || Object.hasOwn(shape, key)) continue;
    throw new Error(
      `${where}: unknown option "${key}"${didYouMean(key, valid)} (the options are ${valid.join(", ")})`,
    );
  }
  for (const [key, spec] of Object.entries(shape)) {
    const optional = spec.endsWith("?");
    const types = (optional ? spec.slice(0, -1) : spec).split("|");
    const v = record[key];
    if (v === undefined) {
      if (optional) continue;
      throw new Error(`${where}: option "${key}" is missing (${types.map(article).join(" or ")})`);
    }
    const t = typeOf(v);
    if (!types.includes("any") && !types.includes(t)) {
      throw new Error(`${where}: ${key} must be ${types.map(article).join(" or ")}; got ${describeValue(v)}`);
    }
  }
}

/**
 * Checks that `value` is an object with the given methods before anything calls them, so a wrong object
 * fails with the option's name instead of "x is not a function" from deep inside a loop.
 *
 * @param methods the methods as messages show them, e.g. `["update(info)", "done(info)"]` (the name is what
 *   comes before `(`).
 * @param where names the option, e.g. `"train: progress"`.
 * @throws e.g. `train: progress must have update(info) and done(info) methods; got an object without done`.
 */
export function checkMethods(value: unknown, methods: readonly string[], where: string): void {
  const names = methods.map((m) => m.split("(")[0]);
  const record = value as Record<string, unknown>;
  const isObject = typeOf(value) === "object";
  const missing = isObject ? names.find((name) => typeof record[name] !== "function") : undefined;
  if (isObject && missing === undefined) return;
  const list =
    methods.length === 1
      ? `a ${methods[0]} method`
      : `${methods.slice(0, -1).join(", ")} and ${methods[methods.length - 1]} methods`;
  const got = !isObject
    ? describeValue(value)
    : record[missing as string] === undefined
      ? `an object without ${missing}`
      : `an object whose ${missing} is ${describeValue(record[missing as string])}`;
  throw new Error(`${where} must have ${list}; got ${got}`);
}
