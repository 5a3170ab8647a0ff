const SIGINT_REASON = "interrupted (SIGINT)";

/**
 * A stop flag for a long loop, raised by an `AbortSignal` or (optionally) by SIGINT, the signal Jupyter's
 * stop button sends. tslab rejects the running cell on SIGINT but the loop behind it keeps going, so loops
 * check `stopped` at every step boundary. Call `release()` when done: it removes the SIGINT listener.
 */
export class StopFlag {
  private reasonText: string | undefined;
  private readonly onSigint = () => this.raise(SIGINT_REASON);
  private readonly onAbort = () => this.raise("aborted by the AbortSignal");

  constructor(
    private readonly signal?: AbortSignal,
    private readonly sigint = true,
  ) {
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
