import * as tf from "@tensorflow/tfjs";
import { before } from "node:test";
import * as assert from "node:assert/strict";
import { ensureBackend } from "../../lib/core/backend";

/** Registers a `before` hook that selects the tfjs backend (as the kernel does) for this test file. */
export function useBackend(): void {
  before(async () => {
    await ensureBackend();
  });
}

/** Runs `fn` and asserts the number of live tensors is the same afterwards. Returns what `fn` returned. */
export async function assertNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  return result;
}

/** Asserts two arrays of numbers agree elementwise to `tol` (absolute). */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length, "lengths differ");
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    assert.ok(diff <= tol, `index ${i}: ${actual[i]} vs ${expected[i]} (|diff| ${diff} > ${tol})`);
  }
}
