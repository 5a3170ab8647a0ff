import { describeValue } from "../core/check-options";

const SIGINT_REASON = "interrupted (SIGINT)";

/**
 * Checks that `value` is an `AbortSignal` (or absent), so a wrong object fails naming the option rather than
 * with "addEventListener is not a function". Signals of another realm pass by their shape.
 *
 * @param where names the option, e.g. `"train: signal"`.
 * @throws e.g. `train: signal must be an AbortSignal (e.g. new AbortController().signal); got an object`.
 */
export function checkSignal(value: unknown, where: string): void {
  if (value === undefined || value instanceof AbortSignal) return;
  const v = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null;
  if (
    typeof v === "object" &&
    v !== null &&
    typeof v.aborted === "boolean" &&
    typeof v.addEventListener === "function" &&
    typeof v.removeEventListener === "function"
  ) {
    return;
  }
  const got =
    value instanceof AbortController ? "an AbortController (pass its .signal)" : describeValue(value);
  throw new Error(`${where} must be an AbortSignal (e.g. new AbortController().signal); got ${got}`);
}

/**
 * A stop flag for a long loop, raised by an `AbortSignal` or (optionally) by SIGINT, the signal Jupyter's
 * stop button sends. tslab rejects the running cell on SIGINT but the loop behind it keeps going, so loops
 * check `stopped` at every step boundary. Call `release()` when done: it removes the SIGINT listener.
 */
export class StopFlag {
  private reasonText: string | undefined;
  private readonly onSigint = () => this.raise(SIGINT_REASON);
  private readonly onAbort = () => this.raise("aborted by the AbortSignal");

  /**
   * @param signal aborting it raises the flag; @param sigint also listen for SIGINT (default true).
   * @param where names the caller in messages (default `"StopFlag"`).
   * @throws when `signal` is not an AbortSignal or `sigint` not a boolean, before any listener is added.
   */
  constructor(
    private readonly signal?: AbortSignal,
    private readonly sigint = true,
    where = "StopFlag",
  ) {
    checkSignal(signal, `${where}: signal`);
    if (typeof sigint !== "boolean") {
      throw new Error(`${where}: handleSigint must be a boolean; got ${describeValue(sigint)}`);
    }
    if (signal?.aborted) this.onAbort();
    signal?.addEventListener("abort", this.onAbort);
    if (sigint) process.on("SIGINT", this.onSigint);
  }

  /** Raises the flag by hand. */
  raise(reason = "stopped"): void {
    this.reasonText ??= reason;
  }

  /** Has a stop been requested? */
  get stopped(): boolean {
    return this.reasonText !== undefined;
  }

  /** Was SIGINT the first stop request (rather than the AbortSignal or {@link raise})? */
  get bySigint(): boolean {
    return this.reasonText === SIGINT_REASON;
  }

  /** Why the loop stopped, if it did. */
  get reason(): string | undefined {
    return this.reasonText;
  }

  /** Removes the listeners. */
  release(): void {
    this.signal?.removeEventListener("abort", this.onAbort);
    if (this.sigint) process.removeListener("SIGINT", this.onSigint);
  }
}

/** Lets pending I/O, timers and signal handlers run (one macrotask turn). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
