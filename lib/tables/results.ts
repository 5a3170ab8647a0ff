import * as fs from "fs";
import * as path from "path";
import type { DataFrame } from "danfojs-node";
import type { TableData } from "./table-view";

/** A value in an experiment record. */
export type ResultValue = number | string | boolean | null | undefined;

/** One experiment result, e.g. `{seed: 0, sparsity: 0.8, testAcc: 0.97}`. */
export type ResultRecord = Readonly<Record<string, ResultValue>>;

/** Anything a table helper accepts: a danfojs DataFrame, plain table data, or result records. */
export type TableSource = DataFrame | TableData | readonly ResultRecord[];

/**
 * Turns records into table data: columns are `columns` if given, else every key in first-seen order;
 * a missing key becomes `null`.
 *
 * @param records the results.
 * @param columns the columns to keep, in order.
 * @returns new table data.
 */
export function recordsTable(records: readonly ResultRecord[], columns?: readonly string[]): TableData {
  const cols = columns ? [...columns] : [...new Set(records.flatMap((r) => Object.keys(r)))];
  return { columns: cols, rows: records.map((r) => cols.map((c) => r[c] ?? null)) };
}

/**
 * Builds a danfojs-node DataFrame from experiment records (danfojs is loaded on first use; it does not change
 * the tfjs backend).
 *
 * @param records the results; missing keys become `null`.
 * @param columns the columns to keep, in order (default: every key, first-seen order).
 * @returns a new DataFrame (it holds no tensors until danfojs computes with it).
 */
export function resultsFrame(records: readonly ResultRecord[], columns?: readonly string[]): DataFrame {
  const { DataFrame: Frame } = require("danfojs-node") as typeof import("danfojs-node");
  const table = recordsTable(records, columns);
  return new Frame(
    table.rows.map((r) => [...r]),
    { columns: [...table.columns] },
  );
}

/**
 * Reads any {@link TableSource} as plain table data.
 *
 * @param source a DataFrame, table data or records.
 * @returns table data (rows may share arrays with the source; do not mutate).
 */
export function toTable(source: TableSource): TableData {
  if (Array.isArray(source)) return recordsTable(source as readonly ResultRecord[]);
  if ("rows" in source) return source as TableData;
  const df = source as DataFrame;
  const values = df.values as unknown[];
  const rows = values.map((r) => (Array.isArray(r) ? (r as unknown[]) : [r]));
  return { columns: [...df.columns], rows };
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" && Number.isNaN(v) ? "NaN" : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes a table as RFC 4180 CSV text, numbers at full precision.
 *
 * @param source a DataFrame, table data or records.
 * @returns the CSV text with a header line and a trailing newline.
 */
export function toCsv(source: TableSource): string {
  const t = toTable(source);
  const lines = [t.columns.map(csvField).join(","), ...t.rows.map((r) => r.map(csvField).join(","))];
  return lines.join("\n") + "\n";
}

/**
 * Saves a table as CSV atomically (temporary file, then rename), creating missing folders.
 *
 * @param source a DataFrame, table data or records.
 * @param file the target path, e.g. `projectPath("data/results/imp.csv")`.
 * @returns the absolute path written.
 */
export function saveCsv(source: TableSource, file: string): string {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, toCsv(source));
  fs.renameSync(tmp, target);
  return target;
}
