/**
 * What a long computation (training, a pruning round) reports as it goes. The training loop reads the loss
 * from the device only when it is about to call `update`, so a sink never forces a sync per step.
 */
export interface ProgressInfo {
  readonly step: number;
  readonly total: number;
  readonly loss?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly label?: string;
}

/** Receives {@link ProgressInfo}: `update` while running (throttled by the reporter), `done` once at the end. */
export interface ProgressSink {
  update(info: ProgressInfo): void;
  done(info?: ProgressInfo): void;
}

/** Formats `info` as one line, e.g. `train 1200/6000 (20%) loss 0.3121 val/acc 0.9410`. */
export function formatProgress(info: ProgressInfo): string {
  const pct = info.total > 0 ? ` (${Math.floor((100 * info.step) / info.total)}%)` : "";
  const parts = [`${info.label ?? "step"} ${info.step}/${info.total}${pct}`];
  if (info.loss !== undefined) parts.push(`loss ${info.loss.toFixed(4)}`);
  for (const [name, value] of Object.entries(info.metrics ?? {})) parts.push(`${name} ${value.toFixed(4)}`);
  return parts.join(" ");
}

/**
 * A text sink for scripts and terminals: prints at most one line per `intervalMs` (default 2000 ms), plus the
 * final line on `done`.
 *
 * @param write where lines go (default `console.log`).
 */
export function consoleProgress(
  options: { readonly intervalMs?: number; readonly write?: (line: string) => void } = {},
): ProgressSink {
  const intervalMs = options.intervalMs ?? 2000;
  const write = options.write ?? ((line: string) => console.log(line));
  let last = -Infinity;
  let latest: ProgressInfo | undefined;
  return {
    update(info) {
      latest = info;
      const now = Date.now();
      if (now - last >= intervalMs) {
        last = now;
        write(formatProgress(info));
      }
    },
    done(info) {
      const final = info ?? latest;
      if (final) write(formatProgress(final));
    },
  };
}
