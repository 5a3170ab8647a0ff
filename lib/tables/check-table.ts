import { checkOptions, describeValue } from "../core/check-options";
import { cellJson } from "./cell-json";
import { checkDigits } from "./format";
import type { TableData, TableViewOptions } from "./table-view";

const VIEW_OPTIONS = {
  caption: "string?",
  maxRows: "number?",
  digits: "number?",
  percent: "array?",
} as const;

/**
 * Checks the options of a table view before anything is drawn: known keys of the right types, `maxRows` a
 * positive integer, `digits` an integer from 1 to 100, `percent` a list of column names.
 *
 * @param where prefixes the message, e.g. `"showTable"`.
 * @throws naming the option.
 */
export function checkViewOptions(options: unknown, where: string): void {
  checkOptions(options, VIEW_OPTIONS, where);
  const { maxRows, digits, percent } = options as TableViewOptions;
  if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0)) {
    throw new Error(
      `${where}: maxRows must be a positive integer (the rows to show); got ${describeValue(maxRows)}`,
    );
  }
  if (digits !== undefined) checkDigits(digits, where);
  percent?.forEach((c, i) => {
    if (typeof c !== "string") {
      throw new Error(`${where}: percent[${i}] must be a column name (a string); got ${describeValue(c)}`);
    }
  });
}

/** The column names for a message, the first ten. */
function columnList(columns: readonly string[]): string {
  const shown = columns.slice(0, 10).join(", ");
  return columns.length > 10 ? `${shown}, …` : shown;
}

/**
 * Checks table data: `columns` an array of strings, `rows` an array of arrays with exactly one cell per
 * column. A cell beyond the columns is an error, never dropped; a missing cell too (give `null` for an
 * empty one).
 *
 * @param where prefixes the message, e.g. `"toCsv"`.
 * @throws naming the row and, for an extra cell, its value.
 */
export function checkTable(table: unknown, where: string): asserts table is TableData {
  const { columns, rows } = (table ?? {}) as Partial<Record<string, unknown>>;
  if (typeof table !== "object" || table === null || !Array.isArray(columns) || !Array.isArray(rows)) {
    throw new Error(
      `${where}: expected table data { columns, rows }, records or a DataFrame; got ${describeValue(table)}`,
    );
  }
  columns.forEach((c: unknown, j) => {
    if (typeof c !== "string")
      throw new Error(`${where}: columns[${j}] must be a string; got ${describeValue(c)}`);
  });
  const n = columns.length;
  const names = columnList(columns as string[]);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row))
      throw new Error(`${where}: rows[${i}] must be an array of cells; got ${describeValue(row)}`);
    if (row.length > n) {
      throw new Error(
        `${where}: rows[${i}] has ${row.length} cells but the table has ${n} columns (${names}); the extra cell ` +
          `[${n}] is ${cellJson(row[n])}: add a column for it or remove it`,
      );
    }
    if (row.length < n) {
      throw new Error(
        `${where}: rows[${i}] has ${row.length} cells but the table has ${n} columns (${names}); give null for an empty cell`,
      );
    }
  });
}
