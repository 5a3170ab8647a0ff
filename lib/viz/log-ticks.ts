import type { Layout, Trace } from "./figure";

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** `v` as a short label: "0.02", "500", "2·10⁻⁹"; with `percent`, v·100 and a "%" ("2%", "0.5%"). */
export function tickLabel(v: number, percent = false): string {
  const x = percent ? v * 100 : v;
  const exponent = Math.floor(Math.log10(x) + 1e-9);
  if (exponent >= -3 && exponent <= 4) return `${Number(x.toPrecision(3))}${percent ? "%" : ""}`;
  const mantissa = Number((x / 10 ** exponent).toPrecision(2));
  const power = `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join("")}`;
  return `${mantissa === 1 ? "" : `${mantissa}·`}${power}${percent ? "%" : ""}`;
}

/**
 * Tick values for a log axis over `[lo, hi]` (both > 0) that read as round numbers: 1-2-5 steps within a decade
 * or two (1-2-3-5 within a decade), powers of ten across more, every second or third power beyond ten decades;
 * the two ends, rounded, when no round number falls inside.
 */
export function logTickValues(lo: number, hi: number): number[] {
  const decades = Math.log10(hi / lo);
  const mantissas = decades <= 1.2 ? [1, 2, 3, 5] : decades <= 2.5 ? [1, 2, 5] : [1];
  const stride = decades <= 10 ? 1 : Math.ceil(decades / 8);
  const ticks: number[] = [];
  const first = Math.floor(Math.log10(lo));
  for (let e = first; e <= Math.ceil(Math.log10(hi)); e++) {
    if ((e - first) % stride !== 0) continue;
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(2));
      if (v >= lo / 1.05 && v <= hi * 1.05) ticks.push(v);
    }
  }
  if (ticks.length >= 2) return ticks;
  return [...new Set([lo, hi].map((v) => Number(v.toPrecision(2))))];
}

function axisValues(data: readonly Trace[], axisKey: string): number[] {
  const letter = axisKey[0] as "x" | "y";
  const ref = `${letter}${axisKey.slice(5)}`; // "xaxis2" → "x2", "yaxis" → "y"
  const values: number[] = [];
  for (const trace of data) {
    if (((trace[`${letter}axis`] as string | undefined) ?? letter) !== ref) continue;
    const column = trace[letter];
    if (Array.isArray(column) || ArrayBuffer.isView(column)) {
      const xs = column as ArrayLike<unknown>;
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i];
        if (typeof v === "number" && v > 0 && isFinite(v)) values.push(v);
      }
    }
  }
  return values;
}

/**
 * The layout with readable ticks on every log axis that sets none: plotly's own labels on a log axis are the
 * minor digits 2, 3, ... 9 between unlabelled decades. Ticks span the axis's `range` when it has one, else the
 * positive values that the traces on that axis plot; an axis whose `tickformat` contains "%" gets labels in percent.
 *
 * @returns a new layout (the input is not mutated); axes that are not log, or set `tickvals` or `dtick`, are kept.
 */
export function withReadableLogTicks(data: readonly Trace[], layout: Layout): Layout {
  const out: Record<string, unknown> = { ...layout };
  for (const [key, axis] of Object.entries(layout)) {
    if (!/^[xy]axis\d*$/.test(key) || typeof axis !== "object" || axis === null) continue;
    const a = axis as Record<string, unknown>;
    if (a.type !== "log" || a.tickvals !== undefined || a.dtick !== undefined) continue;
    const range = a.range as [number, number] | undefined;
    const values = range ? range.map((r) => 10 ** r) : axisValues(data, key);
    if (values.length === 0) continue;
    const lo = values.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = values.reduce((m, v) => Math.max(m, v), 0);
    const tickvals = lo === hi ? [lo] : logTickValues(lo, hi);
    const percent = typeof a.tickformat === "string" && a.tickformat.includes("%");
    out[key] = { ...a, tickvals, ticktext: tickvals.map((v) => tickLabel(v, percent)) };
  }
  return out;
}
