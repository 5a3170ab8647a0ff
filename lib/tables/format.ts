import { checkOptions, describeValue } from "../core/check-options";
import { cellJson } from "./cell-json";

/** How to format the numbers in a table. */
export interface NumberFormat {
  /** Significant digits for non-integers (default 4). */
  readonly digits?: number;
  /** Show the value ×100 with a `%` sign (e.g. 0.0361 → `3.61%`). */
  readonly percent?: boolean;
}

const NUMBER_FORMAT = { digits: "number?", percent: "boolean?" } as const;

/**
 * Checks a `digits` option: an integer from 1 to 100 (what `toPrecision` takes).
 *
 * @param where prefixes the message, e.g. `"tableText"`.
 * @throws naming `digits`.
 */
export function checkDigits(digits: unknown, where: string): void {
  if (typeof digits !== "number" || !Number.isInteger(digits) || digits < 1 || digits > 100) {
    throw new Error(`${where}: digits must be an integer from 1 to 100; got ${describeValue(digits)}`);
  }
}

function trimZeros(s: string): string {
  if (!s.includes(".")) return s;
  const [mant, exp] = s.split("e");
  const m = mant.replace(/0+$/, "").replace(/\.$/, "");
  return exp === undefined ? m : `${m}e${exp}`;
}

/**
 * Formats a number for a table: integers exactly (up to 1e15), others to `digits` significant digits with
 * trailing zeros dropped, scientific notation below 1e-4 or from 1e9, percentages on request.
 *
 * @param v the number; `NaN` gives `"NaN"`, ±Infinity `"∞"`/`"-∞"`.
 * @param format significant digits and percent.
 * @returns the text.
 */
export function formatNumber(v: number, format: NumberFormat = {}): string {
  if (typeof v !== "number") throw new Error(`formatNumber: v must be a number; got ${describeValue(v)}`);
  checkOptions(format, NUMBER_FORMAT, "formatNumber");
  const digits = format.digits ?? 4;
  checkDigits(digits, "formatNumber");
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  if (format.percent) return `${formatNumber(v * 100, { digits: Math.max(1, digits - 1) })}%`;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return trimZeros(v.toExponential(digits - 1));
  return trimZeros(v.toPrecision(digits));
}

/** Per-column formats for a table. */
export interface TableFormat {
  /** Significant digits for non-integers in every column (default 4). */
  readonly digits?: number;
  /** Columns shown as percentages. */
  readonly percent?: readonly string[];
}

/**
 * Formats one table cell.
 *
 * @param v the cell value: a number, string, boolean, null/undefined, or an object or array (shown as JSON,
 *   see {@link cellJson}).
 * @param column the column name (to look up `percent`).
 * @param format the table format.
 * @returns the cell text (`""` for null/undefined).
 */
export function formatCell(v: unknown, column: string, format: TableFormat = {}): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    return formatNumber(v, { digits: format.digits, percent: format.percent?.includes(column) ?? false });
  }
  if (typeof v === "string") return v;
  return typeof v === "object" || typeof v === "function" ? cellJson(v) : String(v);
}
