import * as tf from "@tensorflow/tfjs";
import { type Architecture, checkParams } from "./architecture";
import type { Params } from "./params";

/**
 * Checks `a` and `b` have the same parameter names in the same order and the same shapes, as matching,
 * interpolation and distances need.
 *
 * @param label prefixes the error (the calling function's name).
 * @throws naming the first parameter that differs.
 */
export function assertSameShapes(a: Params, b: Params, label: string): void {
  const namesA = Object.keys(a);
  const namesB = Object.keys(b);
  if (namesA.join() !== namesB.join()) {
    throw new Error(`${label}: the networks have different parameters: [${namesA}] vs [${namesB}]`);
  }
  for (const name of namesA) {
    if (!tf.util.arraysEqual(a[name].shape, b[name].shape)) {
      throw new Error(
        `${label}: ${name} is [${a[name].shape}] in the first network but [${b[name].shape}] in the second`,
      );
    }
  }
}

/**
 * Checks a pair of networks: `a` fits `arch`, and `b` has the same parameter names and shapes as `a`.
 *
 * @param label prefixes the error (the calling function's name).
 * @throws naming the first parameter that does not fit or differs.
 */
export function checkPair(arch: Architecture, a: Params, b: Params, label: string): void {
  checkParams(arch, a, label);
  assertSameShapes(a, b, label);
}
