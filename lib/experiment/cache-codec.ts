import * as os from "os";

/**
 * The key that marks an encoded value in a cache file, e.g. `{ "$gaugelab": "NaN" }`. A plain object of a
 * result may not use it as a key (it is refused when written).
 */
export const TAG = "$gaugelab";

/** The typed arrays the cache stores exactly, by constructor name. */
const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;
type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

/** The numbers JSON cannot hold, by tag. */
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  "-Infinity": -Infinity,
  "-0": -0,
};

/** What the cache stores, for error messages. */
const STORABLE =
  "the cache holds JSON values (plain objects, arrays, strings, booleans, null), numbers including NaN, " +
  "±Infinity and -0, and typed arrays";

/** Swaps a copy's bytes between this machine's order and little-endian (a no-op on little-endian machines). */
function littleEndian(bytes: Buffer, bytesPerElement: number): Buffer {
  if (os.endianness() === "LE" || bytesPerElement === 1) return bytes;
  const copy = Buffer.from(bytes);
  if (bytesPerElement === 2) return copy.swap16();
  if (bytesPerElement === 4) return copy.swap32();
  return copy.swap64();
}

function typedArrayName(value: object): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  const name = value.constructor.name;
  return Object.hasOwn(TYPED_ARRAYS, name) ? (name as TypedArrayName) : undefined;
}

/** Sets an own property, even one named `__proto__` (which plain assignment would take as the prototype). */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function encodeNumber(value: number): unknown {
  if (Number.isNaN(value)) return { [TAG]: "NaN" };
  if (value === Infinity) return { [TAG]: "Infinity" };
  if (value === -Infinity) return { [TAG]: "-Infinity" };
  if (Object.is(value, -0)) return { [TAG]: "-0" };
  return value;
}

function describeClass(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object with a prototype";
}

/**
 * Encodes a result as plain JSON: NaN, ±Infinity and -0 as `{ "$gaugelab": "NaN" }` etc., a typed array as
 * `{ "$gaugelab": "Float32Array", "base64": <its little-endian bytes> }`; every other value must be JSON.
 * An `undefined` property is left out (as `JSON.stringify` does).
 *
 * @param value the result.
 * @param where its path in messages, e.g. `"result"`.
 * @returns a value `JSON.stringify` writes exactly and {@link decodeValue} reads back.
 * @throws naming the path (e.g. `result.rounds[3].curve`) of the first value the cache cannot hold: a function,
 *   `undefined` in an array, a BigInt, a symbol, a class instance (a tensor, a Map, a Date), a cycle, or a
 *   `"$gaugelab"` key.
 */
export function encodeValue(value: unknown, where: string): unknown {
  return encode(value, where, new Set());
}

function encode(value: unknown, where: string, ancestors: Set<object>): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return encodeNumber(value);
  if (typeof value !== "object") {
    throw new Error(`${where} is ${value === undefined ? "undefined" : `a ${typeof value}`}; ${STORABLE}`);
  }
  if (ancestors.has(value)) throw new Error(`${where} refers back to an object that contains it (a cycle)`);
  const name = typedArrayName(value);
  if (name !== undefined) {
    const view = value as TypedArray;
    const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    return { [TAG]: name, base64: littleEndian(bytes, view.BYTES_PER_ELEMENT).toString("base64") };
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new Error(`${where}[${i}] is a hole in a sparse array; ${STORABLE}`);
        out.push(encode(value[i], `${where}[${i}]`, ancestors));
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(
        `${where} is ${describeClass(value)}; ${STORABLE}: convert it first (e.g. await t.array())`,
      );
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const at = /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
      if (key === TAG) throw new Error(`${at}: the key "${TAG}" is reserved by the cache; rename it`);
      if (v !== undefined) setOwn(out, key, encode(v, at, ancestors));
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function decodeTagged(value: Record<string, unknown>, where: string): unknown {
  const tag = value[TAG];
  if (typeof tag === "string" && Object.hasOwn(SPECIAL_NUMBERS, tag) && Object.keys(value).length === 1) {
    return SPECIAL_NUMBERS[tag];
  }
  if (typeof tag === "string" && Object.hasOwn(TYPED_ARRAYS, tag) && typeof value.base64 === "string") {
    const Ctor = TYPED_ARRAYS[tag as TypedArrayName];
    const bytes = littleEndian(Buffer.from(value.base64, "base64"), Ctor.BYTES_PER_ELEMENT);
    if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new Error(`${where}: ${bytes.length} bytes is not a whole number of ${tag} elements`);
    }
    const buffer = new ArrayBuffer(bytes.length);
    new Uint8Array(buffer).set(bytes);
    return new Ctor(buffer);
  }
  throw new Error(`${where} has an unknown encoding ${JSON.stringify(value).slice(0, 80)}`);
}

/**
 * Decodes what {@link encodeValue} wrote (after `JSON.parse`).
 *
 * @param value parsed JSON.
 * @param where its path in messages, e.g. `"result"`.
 * @returns the value as it was encoded; typed arrays are new, on their own buffers.
 * @throws naming the path of a malformed `"$gaugelab"` encoding.
 */
export function decodeValue(value: unknown, where: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v, i) => decodeValue(v, `${where}[${i}]`));
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, TAG)) return decodeTagged(record, where);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) setOwn(out, key, decodeValue(v, `${where}.${key}`));
  return out;
}
