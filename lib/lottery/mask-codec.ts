import * as tf from "@tensorflow/tfjs";
import { Mask } from "../train/mask";

/** A mask as JSON: entry names, shapes, and the 0/1 values packed 8 per byte (row-major, LSB first), base64. */
export interface EncodedMask {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly bits: string;
}

/**
 * Packs `mask` into JSON-able form (LeNet-300-100's 266,200 kernel weights take 44 kB).
 *
 * @param mask read, not disposed.
 */
export function encodeMask(mask: Mask): EncodedMask {
  const names = mask.names;
  const bytes = new Uint8Array(Math.ceil(mask.size / 8));
  let i = 0;
  for (const name of names) {
    const values = (mask.get(name) as tf.Tensor).dataSync();
    for (let j = 0; j < values.length; j++, i++) if (values[j] === 1) bytes[i >> 3] |= 1 << (i & 7);
  }
  const shapes = names.map((name) => [...(mask.get(name) as tf.Tensor).shape]);
  return { names, shapes, bits: Buffer.from(bytes).toString("base64") };
}

/**
 * The 0/1 values of each entry of an encoded mask, as host arrays (no tensors).
 *
 * @throws when the bit string is too short for the shapes.
 */
export function maskValues(encoded: EncodedMask): Record<string, Float32Array> {
  const bytes = Buffer.from(encoded.bits, "base64");
  const total = encoded.shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
  if (bytes.length !== Math.ceil(total / 8)) {
    throw new Error(`decodeMask: ${bytes.length} bytes cannot hold ${total} mask values`);
  }
  const out: Record<string, Float32Array> = {};
  let i = 0;
  encoded.names.forEach((name, e) => {
    const values = new Float32Array(encoded.shapes[e].reduce((a, b) => a * b, 1));
    for (let j = 0; j < values.length; j++, i++) values[j] = (bytes[i >> 3] >> (i & 7)) & 1;
    out[name] = values;
  });
  return out;
}

/**
 * The {@link Mask} an {@link encodeMask} call packed.
 *
 * @returns a new mask; the caller owns (disposes) it.
 * @throws when the bit string does not fit the shapes.
 */
export function decodeMask(encoded: EncodedMask): Mask {
  const values = maskValues(encoded);
  const entries: Record<string, tf.Tensor> = {};
  encoded.names.forEach((name, e) => (entries[name] = tf.tensor(values[name], [...encoded.shapes[e]])));
  return Mask.fromTensors(entries);
}
