import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DataFrame } from "danfojs-node";
import { describeValue } from "../core/check-options";
import { didYouMean } from "../core/closest";
import { QUICK, projectPath } from "../core/project";
import { cellJson } from "./cell-json";
import { checkTable } from "./check-table";
import type { TableData } from "./table-view";

/** A value in an experiment record. */
export type ResultValue = number | string | boolean | null | undefined;

/** One experiment result, e.g. `{seed: 0, sparsity: 0.8, testAcc: 0.97}`. */
export type ResultRecord = Readonly<Record<string, ResultValue>>;

/** Anything a table helper accepts: a danfojs DataFrame, plain table data, or result records. */
export type TableSource = DataFrame | TableData | readonly ResultRecord[];

/**
 * Turns records into table data: columns are `columns` if given (a selection: other keys are left out), else
 * every key in first-seen order; a missing key becomes `null`.
 *
 * @param records the results, each a plain object.
 * @param columns the columns to keep, in order; each must be a key of some record (unless there are none).
 * @param where names the caller in error messages.
 * @returns new table data.
 * @throws when a record is not an object, or a column is in no record (a misspelling, named with the closest key).
 */
export function recordsTable(
  records: readonly ResultRecord[],
  columns?: readonly string[],
  where = "recordsTable",
): TableData {
  records.forEach((r: unknown, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
      throw new Error(`${where}: records[${i}] must be an object (one result); got ${describeValue(r)}`);
    }
  });
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (columns !== undefined) {
    if (!Array.isArray(columns)) {
      throw new Error(`${where}: columns must be an array of names; got ${describeValue(columns)}`);
    }
    const known = new Set(keys);
    for (const c of columns) {
      if (typeof c !== "string")
        throw new Error(`${where}: a column must be a string; got ${describeValue(c)}`);
      if (records.length > 0 && !known.has(c)) {
        throw new Error(
          `${where}: column "${c}" is in no record${didYouMean(c, keys)} (the keys are ${keys.join(", ")})`,
        );
      }
    }
  }
  const cols = columns ? [...columns] : keys;
  return { columns: cols, rows: records.map((r) => cols.map((c) => r[c] ?? null)) };
}

/**
 * Builds a danfojs-node DataFrame from experiment records (danfojs is loaded on first use; it does not change
 * the tfjs backend).
 *
 * @param records the results; missing keys become `null`.
 * @param columns the columns to keep, in order (default: every key, first-seen order).
 * @returns a new DataFrame (it holds no tensors until danfojs computes with it).
 * @throws as {@link recordsTable}.
 */
export function resultsFrame(records: readonly ResultRecord[], columns?: readonly string[]): DataFrame {
  const { DataFrame: Frame } = require("danfojs-node") as typeof import("danfojs-node");
  const table = recordsTable(records, columns, "resultsFrame");
  return new Frame(
    table.rows.map((r) => [...r]),
    { columns: [...table.columns] },
  );
}

/**
 * Reads any {@link TableSource} as plain table data, checked (see `checkTable`).
 *
 * @param source a DataFrame, table data or records.
 * @param where names the caller in error messages.
 * @returns table data (rows may share arrays with the source; do not mutate).
 * @throws when `source` is none of these, or a row's cells do not match the columns (an extra cell is an
 *   error, never dropped).
 */
export function toTable(source: TableSource, where = "toTable"): TableData {
  if (Array.isArray(source)) return recordsTable(source as readonly ResultRecord[], undefined, where);
  if (typeof source === "object" && source !== null && "rows" in source) {
    checkTable(source, where);
    return source;
  }
  const df = source as Partial<DataFrame> | null;
  if (typeof df !== "object" || df === null || !Array.isArray(df.values) || !Array.isArray(df.columns)) {
    checkTable(source, where); // names what it got
  }
  const frame = source as DataFrame;
  const rows = (frame.values as unknown[]).map((r) => (Array.isArray(r) ? (r as unknown[]) : [r]));
  const table = { columns: [...frame.columns], rows };
  checkTable(table, where);
  return table;
}

/**
 * Neutralises a string a spreadsheet would run as a formula (OWASP "CSV injection"): one beginning with `=`,
 * `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. Numbers are never strings here, so `-0.5`
 * written from a number stays a number.
 */
function neutralised(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s =
    typeof v === "string"
      ? neutralised(v)
      : typeof v === "object" || typeof v === "function"
        ? cellJson(v)
        : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes a table as RFC 4180 CSV text, numbers at full precision (`NaN`, `Infinity` as such), objects and
 * arrays as JSON. A string cell or column name beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
 * is prefixed with `'` so a spreadsheet shows it as text instead of running it as a formula; numbers stay
 * numbers.
 *
 * @param source a DataFrame, table data or records.
 * @returns the CSV text with a header line and a trailing newline.
 * @throws as {@link toTable}.
 */
export function toCsv(source: TableSource): string {
  const t = toTable(source, "toCsv");
  const lines = [t.columns.map(csvField).join(","), ...t.rows.map((r) => r.map(csvField).join(","))];
  return lines.join("\n") + "\n";
}

/**
 * Saves a table as CSV atomically (temporary file, then rename), creating missing folders.
 *
 * @param source a DataFrame, table data or records.
 * @param file the target path, e.g. `projectPath("data/results/imp.csv")`.
 * @returns the absolute path written.
 * @throws as {@link toCsv}, before anything is written; naming `file` when it cannot be written.
 */
export function saveCsv(source: TableSource, file: string): string {
  if (typeof file !== "string" || file === "") {
    throw new Error(`saveCsv: file must be a path (a non-empty string); got ${describeValue(file)}`);
  }
  const text = toCsv(source);
  const target = path.resolve(file);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the folder is not there either
    }
    throw new Error(
      `saveCsv: cannot write ${target}: ${(e as Error).message}; check that its folder is writable`,
    );
  }
  return target;
}

/** The folder of the committed results tables, relative to the project. */
export const RESULTS_DIR = "data/results";

/**
 * Saves a notebook's results table as `data/results/<name>.csv` in full mode, the run that regenerates the
 * committed files; in quick mode to the same name under the system's temporary folder, so a quick run never
 * overwrites them.
 *
 * @param source a DataFrame, table data or records.
 * @param name the file's name without `.csv`: letters, digits, `-` and `_`.
 * @param quick the mode (default `QUICK`).
 * @returns the path written: project-relative in full mode (to print under the table), absolute in quick mode.
 * @throws when `name` is not such a name, and as {@link saveCsv}.
 */
export function saveResults(source: TableSource, name: string, quick: boolean = QUICK): string {
  if (typeof name !== "string" || !/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(
      `saveResults: name must be a file name without .csv (letters, digits, - and _); got ${describeValue(name)}`,
    );
  }
  if (quick) return saveCsv(source, path.join(os.tmpdir(), "gaugelab-quick-results", `${name}.csv`));
  saveCsv(source, projectPath(RESULTS_DIR, `${name}.csv`));
  return `${RESULTS_DIR}/${name}.csv`;
}
