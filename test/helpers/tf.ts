import * as tf from "@tensorflow/tfjs";
import { after, before, describe } from "node:test";
import * as assert from "node:assert/strict";
import { type BackendName, ensureBackend, selectBackend } from "../../lib/core/backend";

/** Registers a `before` hook that selects the tfjs backend (as the kernel does) for this test file. */
export function useBackend(): void {
  before(async () => {
    await ensureBackend();
  });
}

/** The backends the core numeric tests run on: tfjs's pure-JS reference and wasm (the kit's default here). */
export const NUMERIC_BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

/**
 * Declares `body`'s tests once per backend of {@link NUMERIC_BACKENDS}, each in a `describe` titled
 * `<title> [<backend>]` that switches to that backend before its tests and back afterwards.
 */
export function describeOnBackends(title: string, body: (backend: BackendName) => void): void {
  for (const backend of NUMERIC_BACKENDS) {
    describe(`${title} [${backend}]`, () => {
      let previous: string;
      before(async () => {
        await ensureBackend();
        previous = tf.getBackend();
        await selectBackend({ GAUGELAB_BACKEND: backend });
      });
      after(async () => {
        await tf.setBackend(previous);
      });
      body(backend);
    });
  }
}

/** How many `tf.tidy` scopes are open around the caller (tfjs's engine keeps a stack of them). */
function openScopes(): number {
  const engine = tf.engine() as unknown as { state: { scopeStack: unknown[] } };
  return engine.state.scopeStack.length;
}

/**
 * Runs `fn` and asserts the number of live tensors is the same afterwards. Returns what `fn` returned.
 * Refuses to run inside `tf.tidy`, which would free a leak on its own and hide it.
 */
export async function assertNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  assert.equal(openScopes(), 0, "assertNoLeaks must run outside tf.tidy, which would hide a leak");
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
