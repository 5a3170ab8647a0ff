import * as tf from "@tensorflow/tfjs";
import { ExperimentInterrupted } from "../../lib/experiment/interrupted";
import { BrowserUnavailableError } from "../../lib/viz/render";

/**
 * One bad-input case of the sweep: a call of an exported function with one bad option or input, and the name
 * the error message must contain (the option, input, param or file at fault).
 */
export interface SweepCase {
  /** The exported function called, e.g. `"train"`. */
  readonly fn: string;
  /** What is bad, e.g. `"options.seed = NaN"`. */
  readonly bad: string;
  /** A string the message must contain: the option, input or file it names. */
  readonly names: string;
  /** The call; it should throw or reject. Whatever it returns is freed (tensors, masks, params). */
  readonly call: () => unknown;
}

/** The three outcomes the issue counts, and the leak check beside them. */
export type Outcome = "clear error" | "silent wrong result" | "internal error without context";

export interface CaseResult {
  readonly outcome: Outcome;
  /** The message got (or what was returned). */
  readonly detail: string;
  /** Tensors alive after the call minus before (after freeing what it returned). */
  readonly leaked: number;
}

/** Messages that come from the JavaScript engine or tfjs's own asserts, not from gaugelab. */
const RAW_MESSAGE =
  /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|is not a constructor|of undefined|of null|Invalid array length|Invalid typed array length|Maximum call stack|Unexpected token|Unexpected end of JSON|Cannot convert|Array buffer allocation failed|Offset is outside|out of memory|^Error in |Based on the provided shape|could not be broadcast|Tensor is disposed|must be a `Tensor`|incorrect header check|unexpected end of file|invalid stored block|ENOENT|EISDIR/;

/** Error classes of gaugelab itself, which count as clear when their message names the input. */
const KIT_ERRORS: readonly (new (...args: never[]) => Error)[] = [
  Error,
  ExperimentInterrupted,
  BrowserUnavailableError,
];

/** Frees tensors, masks and params inside whatever a case returned (so a silent result does not look like a leak). */
function free(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) value.dispose();
    return;
  }
  const d = (value as { dispose?: unknown }).dispose;
  if (typeof d === "function") {
    try {
      (d as () => void).call(value);
    } catch {
      // already freed
    }
  }
  if (ArrayBuffer.isView(value)) return;
  for (const v of value instanceof Map ? value.values() : Object.values(value)) free(v, seen);
}

function describeReturn(value: unknown): string {
  if (value === undefined) return "returned undefined";
  if (value instanceof tf.Tensor) return `returned a tensor [${value.shape}]`;
  try {
    const text = JSON.stringify(value, (_k, v: unknown) =>
      v instanceof tf.Tensor ? `<tensor [${v.shape}]>` : v,
    );
    return `returned ${text === undefined ? String(value) : text.slice(0, 120)}`;
  } catch {
    return `returned ${Object.prototype.toString.call(value)}`;
  }
}

/** Classifies one error: clear only when it is a kit error class, not a raw message, and names the input. */
export function classify(err: unknown, names: string): Outcome {
  if (!(err instanceof Error) || !KIT_ERRORS.includes(err.constructor as (typeof KIT_ERRORS)[number])) {
    return "internal error without context";
  }
  if (RAW_MESSAGE.test(err.message) && !err.message.includes(`${names}: `))
    return "internal error without context";
  return err.message.includes(names) ? "clear error" : "internal error without context";
}

/** Runs one case outside any `tf.tidy`, counting live tensors before and after. */
export async function runCase(c: SweepCase): Promise<CaseResult> {
  const before = tf.memory().numTensors;
  let outcome: Outcome;
  let detail: string;
  try {
    const value = await c.call();
    detail = describeReturn(value);
    free(value);
    outcome = "silent wrong result";
  } catch (err) {
    outcome = classify(err, c.names);
    detail = err instanceof Error ? `${err.constructor.name}: ${err.message}` : `threw ${String(err)}`;
  }
  return { outcome, detail, leaked: tf.memory().numTensors - before };
}

/** Counts of outcomes over a sweep. */
export class Tally {
  readonly counts: Record<Outcome, number> = {
    "clear error": 0,
    "silent wrong result": 0,
    "internal error without context": 0,
  };
  leaks = 0;
  readonly failures: string[] = [];

  /** Counts one result. @returns a line describing it when it failed (a bad outcome or a leak). */
  add(label: string, c: SweepCase, r: CaseResult): string | undefined {
    this.counts[r.outcome]++;
    if (r.leaked !== 0) this.leaks++;
    if (r.outcome === "clear error" && r.leaked === 0) return undefined;
    const leak = r.leaked !== 0 ? ` [leaked ${r.leaked} tensors]` : "";
    const line = `${label} ${c.fn}: ${c.bad} (should name ${c.names}) -> ${r.outcome}${leak}: ${r.detail}`;
    this.failures.push(line);
    return line;
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  summary(title: string): string {
    const c = this.counts;
    return (
      `${title}: ${this.total} cases: ${c["clear error"]} clear error, ${c["silent wrong result"]} silent wrong ` +
      `result, ${c["internal error without context"]} internal error without context; ${this.leaks} leaked tensors`
    );
  }
}
