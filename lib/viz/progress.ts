import { randomBytes } from "crypto";
import { checkOptions, describeValue } from "../core/check-options";
import { Decimator } from "./decimate";
import { DisplayWriter, kernelWriter, publishDisplay } from "../kernel/jupyter-output";
import { ProgressSnapshot, progressHtml, progressText } from "./progress-view";
import type { ProgressInfo, ProgressSink } from "../train/progress";

/** Options for {@link liveProgress}. */
export interface LiveProgressOptions {
  /** Fewest milliseconds between redraws (default 250, i.e. ≤ 4 per second; ≥ 1000 on a non-TTY console). */
  readonly minIntervalMs?: number;
  /** Points kept per live curve (default 200; older points are averaged in pairs). */
  readonly historySize?: number;
  /** Clock in milliseconds (default `performance.now`); tests pass a fake. */
  readonly now?: () => number;
  /** Display writer (default: the kernel's, captured when the sink is made); `null` forces console output. */
  readonly writer?: DisplayWriter | null;
  /** Console output for use outside a kernel (default: `process.stderr`). */
  readonly write?: (text: string) => void;
  /** Whether the console redraws lines in place with `\r` (default: `process.stderr.isTTY`). */
  readonly tty?: boolean;
}

/** The types of {@link LiveProgressOptions}, for `checkOptions`. */
const LIVE_OPTIONS = {
  minIntervalMs: "number?",
  historySize: "number?",
  now: "function?",
  writer: "any?",
  write: "function?",
  tty: "boolean?",
} as const;

/** Checks every option's type and range, naming the option. */
function checkLiveOptions(options: LiveProgressOptions): void {
  checkOptions(options, LIVE_OPTIONS, "liveProgress");
  const { minIntervalMs, historySize, writer } = options;
  if (minIntervalMs !== undefined && !(Number.isFinite(minIntervalMs) && minIntervalMs >= 0)) {
    throw new Error(`liveProgress: minIntervalMs must be a finite number ≥ 0; got ${minIntervalMs}`);
  }
  if (historySize !== undefined && !(Number.isInteger(historySize) && historySize >= 2)) {
    throw new Error(`liveProgress: historySize must be an integer ≥ 2; got ${historySize}`);
  }
  if (writer !== undefined && writer !== null && typeof writer !== "function") {
    throw new Error(
      `liveProgress: writer must be a display writer function, or null for console output; got ${describeValue(writer)}`,
    );
  }
}

/**
 * A live progress display: in a notebook one output (one display id) redrawn in place via
 * `update_display_data`; elsewhere one console line. Redraws are throttled, so `update` is cheap.
 */
export class LiveProgress implements ProgressSink {
  private readonly now: () => number;
  private readonly interval: number;
  private readonly writer?: DisplayWriter;
  private readonly write: (text: string) => void;
  private readonly tty: boolean;
  private readonly displayId = randomBytes(8).toString("hex");
  private readonly loss: Decimator;
  private readonly metrics = new Map<string, Decimator>();
  private readonly historySize: number;
  private first?: { t: number; step: number };
  private latest?: ProgressInfo;
  private lastDraw = -Infinity;
  private draws = 0;
  private finished = false;

  /**
   * Makes a sink; prefer {@link liveProgress}.
   *
   * @param options see {@link LiveProgressOptions}.
   * @throws naming the option on an unknown key, a wrong type or a bad range.
   */
  constructor(options: LiveProgressOptions = {}) {
    checkLiveOptions(options);
    this.now = options.now ?? (() => performance.now());
    this.writer = options.writer === null ? undefined : (options.writer ?? kernelWriter());
    this.tty = options.tty ?? process.stderr.isTTY === true;
    this.write = options.write ?? ((text) => void process.stderr.write(text));
    const base = options.minIntervalMs ?? 250;
    this.interval = this.writer || this.tty ? base : Math.max(base, 1000);
    this.historySize = options.historySize ?? 200;
    this.loss = new Decimator(this.historySize);
  }

  /** How many times the display has been drawn (for tests and overhead checks). */
  get drawCount(): number {
    return this.draws;
  }

  /** Records a report; redraws only if `minIntervalMs` has passed since the last redraw. */
  update(info: ProgressInfo): void {
    if (this.finished) return;
    const t = this.now();
    this.record(info, t);
    if (t - this.lastDraw >= this.interval) this.draw(t, false);
  }

  /** Records the final report (if any) and draws the finished state once; later calls do nothing. */
  done(info?: ProgressInfo): void {
    if (this.finished) return;
    const t = this.now();
    if (info) this.record(info, t);
    this.finished = true;
    if (this.latest) this.draw(t, true);
  }

  private record(info: ProgressInfo, t: number): void {
    this.first ??= { t, step: info.step };
    this.latest = info;
    if (info.loss !== undefined) this.loss.push(info.loss);
    if (info.metrics) {
      for (const name in info.metrics) {
        let d = this.metrics.get(name);
        if (!d) this.metrics.set(name, (d = new Decimator(this.historySize)));
        d.push(info.metrics[name]);
      }
    }
  }

  /**
   * The current state, as the views draw it.
   *
   * @param t the time in ms (default now).
   * @param done draw as finished.
   * @returns the snapshot, or `undefined` before the first report.
   */
  snapshot(t = this.now(), done = this.finished): ProgressSnapshot | undefined {
    if (!this.latest || !this.first) return undefined;
    const elapsed = (t - this.first.t) / 1000;
    const steps = this.latest.step - this.first.step;
    const metricHistory: Record<string, number[]> = {};
    this.metrics.forEach((d, name) => (metricHistory[name] = d.snapshot()));
    return {
      info: this.latest,
      elapsed,
      rate: elapsed > 0 && steps > 0 ? steps / elapsed : undefined,
      lossHistory: this.loss.snapshot(),
      metricHistory,
      done,
    };
  }

  private draw(t: number, done: boolean): void {
    const snap = this.snapshot(t, done);
    if (!snap) return;
    this.lastDraw = t;
    this.draws++;
    if (this.writer) {
      const data = { "text/html": progressHtml(snap), "text/plain": progressText(snap) };
      publishDisplay(data, { writer: this.writer, displayId: this.displayId, update: this.draws > 1 });
    } else if (this.tty) {
      this.write(`\r\x1b[2K${progressText(snap)}${done ? "\n" : ""}`);
    } else {
      this.write(`${progressText(snap)}\n`);
    }
  }
}

/**
 * Makes a live progress sink for a training loop: a bar with step/total, rate and ETA plus live loss and
 * metric curves, updated in place a few times per second. Call it in the cell that runs the loop.
 *
 * @param options throttle interval, history size, clock and outputs (defaults suit notebooks and consoles).
 * @returns a new sink; it holds no tensors and needs no disposal.
 */
export function liveProgress(options: LiveProgressOptions = {}): LiveProgress {
  return new LiveProgress(options);
}
