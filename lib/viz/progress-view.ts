import { escapeHtml } from "./escape";
import type { ProgressInfo } from "../train/progress";

/** What a progress display shows at one moment. */
export interface ProgressSnapshot {
  /** The latest report. */
  readonly info: ProgressInfo;
  /** Seconds since the first report. */
  readonly elapsed: number;
  /** Steps per second since the first report, or `undefined` before it can be measured. */
  readonly rate?: number;
  /** Recent loss history (thinned), oldest first. */
  readonly lossHistory: readonly number[];
  /** Recent history per metric (thinned), oldest first. */
  readonly metricHistory: Readonly<Record<string, readonly number[]>>;
  /** The work has finished. */
  readonly done: boolean;
}

/**
 * Formats seconds as `m:ss` or `h:mm:ss`.
 *
 * @param seconds a duration (≥ 0); non-finite gives `"?"`.
 * @returns e.g. `"0:07"`, `"12:30"`, `"1:02:03"`.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/**
 * The remaining time, from the measured rate.
 *
 * @param snap the snapshot.
 * @returns seconds left, or `undefined` when the rate is unknown.
 */
export function etaSeconds(snap: ProgressSnapshot): number | undefined {
  const { step, total } = snap.info;
  return snap.rate && snap.rate > 0 ? Math.max(0, total - step) / snap.rate : undefined;
}

function fraction(info: ProgressInfo): number {
  return info.total > 0 ? Math.min(1, Math.max(0, info.step / info.total)) : 0;
}

function statsLine(snap: ProgressSnapshot): string {
  const { info } = snap;
  const parts = [`${info.step}/${info.total} (${(fraction(info) * 100).toFixed(1)}%)`];
  if (snap.rate !== undefined) parts.push(`${num(snap.rate)} steps/s`);
  const eta = etaSeconds(snap);
  parts.push(
    snap.done ? `done in ${formatDuration(snap.elapsed)}` : `elapsed ${formatDuration(snap.elapsed)}`,
  );
  if (!snap.done && eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
  return parts.join(" · ");
}

function valuesLine(info: ProgressInfo): string[] {
  const out: string[] = [];
  if (info.loss !== undefined) out.push(`loss ${num(info.loss)}`);
  for (const [k, v] of Object.entries(info.metrics ?? {})) out.push(`${k} ${num(v)}`);
  return out;
}

/**
 * One line of plain text for consoles and `text/plain`.
 *
 * @param snap the snapshot.
 * @returns e.g. `train [#####-----] 50/100 (50.0%) · 20 steps/s · elapsed 0:02 · ETA 0:02 · loss 0.31`.
 */
export function progressText(snap: ProgressSnapshot): string {
  const filled = Math.round(fraction(snap.info) * 20);
  const bar = `[${"#".repeat(filled)}${"-".repeat(20 - filled)}]`;
  const label = snap.info.label ? `${snap.info.label} ` : "";
  return [`${label}${bar} ${statsLine(snap)}`, ...valuesLine(snap.info)].join(" · ");
}

/**
 * A small inline SVG line chart of a series (no axes and no text, so nothing of it is left as stray text where a
 * sanitiser strips SVG).
 *
 * @param values the series, oldest first.
 * @param color stroke colour.
 * @param width width in pixels.
 * @param height height in pixels.
 * @returns an `<svg>` element as a string (empty string for fewer than 2 finite points).
 */
export function sparklineSvg(values: readonly number[], color = "#1f77b4", width = 160, height = 32): string {
  const ys = values.filter((v) => Number.isFinite(v));
  if (ys.length < 2) return "";
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = hi - lo || 1;
  const pts = ys
    .map((v, i) => {
      const x = (i / (ys.length - 1)) * (width - 2) + 1;
      const y = height - 1 - ((v - lo) / span) * (height - 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return (
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `style="vertical-align:middle;margin-left:4px;background:#fafafa;border:1px solid #eee">` +
    `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts}"/></svg>`
  );
}

const CURVE_COLORS = ["#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

/** Between two curves: a " · " that the flex layout hides, and that separates the values once styles are gone. */
const SEPARATOR = `<span style="display:none"> · </span>`;

/**
 * The live HTML view: label, progress bar, step/total, rate, ETA, and a sparkline per tracked series.
 * All user text (label, metric names) is escaped. With its styles and SVG stripped (an untrusted notebook) it
 * still reads as two lines of text, the values separated by " · ".
 *
 * @param snap the snapshot.
 * @returns an HTML fragment.
 */
export function progressHtml(snap: ProgressSnapshot): string {
  const pct = (fraction(snap.info) * 100).toFixed(1);
  const barColor = snap.done ? "#2ca02c" : "#1f77b4";
  const label = snap.info.label ? `<b>${escapeHtml(snap.info.label)}</b> ` : "";
  const curves: string[] = [];
  if (snap.info.loss !== undefined || snap.lossHistory.length > 0) {
    const last = snap.info.loss !== undefined ? num(snap.info.loss) : "";
    curves.push(`<span>loss ${escapeHtml(last)}${sparklineSvg(snap.lossHistory, CURVE_COLORS[0])}</span>`);
  }
  Object.entries(snap.metricHistory).forEach(([name, hist], i) => {
    const v = snap.info.metrics?.[name];
    const color = CURVE_COLORS[(i + 1) % CURVE_COLORS.length];
    const last = v !== undefined ? num(v) : "";
    curves.push(`<span>${escapeHtml(name)} ${escapeHtml(last)}${sparklineSvg(hist, color)}</span>`);
  });
  return (
    `<div class="gaugelab-progress" style="font-family:monospace;font-size:12px;line-height:1.5">` +
    `<div>${label}${escapeHtml(statsLine(snap))}</div>` +
    `<div style="width:360px;height:10px;background:#e5e5e5;border-radius:3px;overflow:hidden">` +
    `<div style="width:${pct}%;height:100%;background:${barColor}"></div></div>` +
    (curves.length
      ? `<div style="display:flex;gap:16px;margin-top:4px">${curves.join(SEPARATOR)}</div>`
      : "") +
    `</div>`
  );
}
