import * as tf from "@tensorflow/tfjs";
import type { Json } from "../core/json";

/** A tensor as JSON: its shape and its values (float32 values survive a JSON round trip exactly). */
export type TensorJson = {
  readonly shape: readonly number[];
  readonly values: readonly number[];
};

/** A tensor's shape and values as JSON (one device sync). The tensor is read, not disposed. */
export function tensorToJson(t: tf.Tensor): TensorJson {
  return { shape: [...t.shape], values: Array.from(t.dataSync()) };
}

/**
 * A new tensor from {@link tensorToJson}'s output; the caller owns it.
 * @throws naming `where` when the value is not `{ shape, values }` with as many values as the shape holds.
 */
export function tensorFromJson(value: Json | undefined, where: string): tf.Tensor {
  const v = value as Partial<TensorJson> | null | undefined;
  if (
    typeof v !== "object" ||
    v === null ||
    !Array.isArray(v.shape) ||
    !Array.isArray(v.values) ||
    v.values.length !== v.shape.reduce((n, d) => n * d, 1)
  ) {
    throw new Error(`${where}: expected { shape, values } as saveState() wrote it`);
  }
  return tf.tensor(v.values, v.shape);
}
