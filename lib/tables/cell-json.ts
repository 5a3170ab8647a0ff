/**
 * The text of an object or array in a table cell: JSON, except that numbers JSON cannot hold read as
 * themselves (`[1,NaN,Infinity]`, never `null`), typed arrays as arrays, values with `toJSON` (a Date) by it,
 * and what JSON would drop or throw on shown rather than lost: `undefined`, functions (`[function f]`),
 * BigInt (`12n`), symbols and cycles (`[cycle]`).
 *
 * @param value the cell value.
 * @returns one line of text.
 */
export function cellJson(value: unknown): string {
  return show(value, new Set());
}

function show(value: unknown, ancestors: Set<object>): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return `[function${value.name ? ` ${value.name}` : ""}]`;
  const object = value as object; // what is left (TS 5.0, which tslab uses, does not narrow it)
  if (ancestors.has(object)) return "[cycle]";
  ancestors.add(object);
  try {
    const record = object as Record<string, unknown>;
    if (typeof record.toJSON === "function") return show((record.toJSON as () => unknown)(), ancestors);
    const typed = ArrayBuffer.isView(value) && !(value instanceof DataView);
    if (Array.isArray(value) || typed) {
      const items = Array.from(value as ArrayLike<unknown>, (v) => show(v, ancestors));
      return `[${items.join(",")}]`;
    }
    if (value instanceof Map) return show(Object.fromEntries(value), ancestors);
    if (value instanceof Set) return show([...value], ancestors);
    const entries = Object.entries(record).map(([k, v]) => `${JSON.stringify(k)}:${show(v, ancestors)}`);
    return `{${entries.join(",")}}`;
  } finally {
    ancestors.delete(object);
  }
}
