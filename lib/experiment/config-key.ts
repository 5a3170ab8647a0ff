import { createHash } from "crypto";

/**
 * The canonical JSON of `value`: object keys sorted, no whitespace, so equal configs give equal strings.
 *
 * @throws on values JSON cannot hold exactly (NaN, ±Infinity, undefined, functions).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new Error(`canonicalJson: ${value} has no JSON form; use null or a string`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new Error(`canonicalJson: cannot encode a ${typeof value}`);
}

/**
 * A short, stable key for a config: the first 16 hex digits of the SHA-256 of its canonical JSON.
 * It names cached results, e.g. `data/cache/<key>.json`.
 */
export function configKey(config: unknown): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex").slice(0, 16);
}
