import { randomBytes } from "crypto";
import { checkOptions, describeValue } from "../core/check-options";
import { Decimator } from "./decimate";
import { DisplayWriter, kernelWriter, publishDisplay } from "../kernel/jupyter-output";
import { ProgressSnapshot, progressHtml, progressText } from "./progress-view";
import { renderHtmlPng } from "./render";
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
  /**
   * Draws the finished HTML view as a PNG (default: headless Chromium, {@link renderHtmlPng}); `null` leaves the
   * finished display as text. Tests pass a fake.
   */
  readonly snapshot?: ((html: string) => Promise<Buffer>) | null;
}

/** The types of {@link LiveProgressOptions}, for `checkOptions`. */
const LIVE_OPTIONS = {
  minIntervalMs: "number?",
  historySize: "number?",
  now: "function?",
  writer: "any?",
  write: "function?",
  tty: "boolean?",
  snapshot: "any?",
} as const;

/** Checks every option's type and range, naming the option. */
function checkLiveOptions(options: LiveProgressOptions): void {
  checkOptions(options, LIVE_OPTIONS, "liveProgress");
  const { minIntervalMs, historySize, writer, snapshot } = options;
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
  if (snapshot !== undefined && snapshot !== null && typeof snapshot !== "function") {
    throw new Error(
      `liveProgress: snapshot must be a function (html) => Promise<PNG bytes>, or null for a text-only finished display; got ${describeValue(snapshot)}`,
    );
  }
}

/**
 * A live progress display: in a notebook one output (one display id) redrawn in place via
 * `update_display_data`; elsewhere one console line. Redraws are throttled, so `update` is cheap.
 *
 * While it runs the notebook shows HTML (a bar and live curves). When it is done the output becomes a PNG of
 * that view plus its line of text, so the notebook it leaves behind reads the same in every viewer: untrusted
 * classic Notebook strips inline styles and SVG from HTML, but never an image or plain text.
 */
export class LiveProgress implements ProgressSink {
  private readonly now: () => number;
  private readonly interval: number;
  private readonly writer?: DisplayWriter;
  private readonly write: (text: string) => void;
  private readonly tty: boolean;
  private readonly snapshotPng?: (html: string) => Promise<Buffer>;
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
    this.snapshotPng = options.snapshot === null ? undefined : (options.snapshot ?? renderHtmlPng);
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

  /**
   * Records the final report (if any) and draws the finished state once; later calls do nothing. In a
   * notebook the finished state is a PNG of the view plus its text (text alone when no browser can draw it).
   *
   * @returns when the finished state has been sent; await it so it lands in the running cell.
   */
  async done(info?: ProgressInfo): Promise<void> {
    if (this.finished) return;
    const t = this.now();
    if (info) this.record(info, t);
    this.finished = true;
    const snap = this.snapshot(t, true);
    if (!snap) return;
    if (!this.writer) return this.draw(t, true);
    let png: Buffer | undefined;
    try {
      png = await this.snapshotPng?.(progressHtml(snap));
    } catch {
      png = undefined; // no browser: the text says it all
    }
    const data: Record<string, string> = png ? { "image/png": png.toString("base64") } : {};
    data["text/plain"] = progressText(snap);
    this.send(this.writer, data);
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

  /** Sends `data` as this display: `display_data` the first time, `update_display_data` after. */
  private send(writer: DisplayWriter, data: Record<string, string>): void {
    publishDisplay(data, { writer, displayId: this.displayId, update: this.draws > 0 });
    this.draws++;
  }

  private draw(t: number, done: boolean): void {
    const snap = this.snapshot(t, done);
    if (!snap) return;
    this.lastDraw = t;
    if (this.writer)
      return this.send(this.writer, { "text/html": progressHtml(snap), "text/plain": progressText(snap) });
    this.draws++;
    this.write(this.tty ? `\r\x1b[2K${progressText(snap)}${done ? "\n" : ""}` : `${progressText(snap)}\n`);
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
