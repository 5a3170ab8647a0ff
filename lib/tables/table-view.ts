import { escapeHtml } from "../viz/escape";
import { checkTable, checkViewOptions } from "./check-table";
import { TableFormat, formatCell } from "./format";

/** A table as plain data: column names and rows `[numRows, numColumns]` (a DataFrame's `columns`/`values`). */
export interface TableData {
  /** Column names, `[numColumns]`. */
  readonly columns: readonly string[];
  /** Cell values row by row, `[numRows, numColumns]`. */
  readonly rows: readonly (readonly unknown[])[];
}

/** Options for the table views. */
export interface TableViewOptions extends TableFormat {
  /** Caption shown above the table. */
  readonly caption?: string;
  /** Show at most this many rows (a positive integer), then a "… n more rows" note (default 50). */
  readonly maxRows?: number;
}

/** Checks `table` and `options` (naming `where`), then formats the rows shown. */
function cells(
  table: TableData,
  options: TableViewOptions,
  where: string,
): { shown: string[][]; more: number } {
  checkTable(table, where);
  checkViewOptions(options, where);
  const max = options.maxRows ?? 50;
  const shown = table.rows
    .slice(0, max)
    .map((r) => table.columns.map((c, j) => formatCell(r[j], c, options)));
  return { shown, more: Math.max(0, table.rows.length - max) };
}

function isNumericColumn(table: TableData, j: number): boolean {
  return table.rows.length > 0 && table.rows.every((r) => typeof r[j] === "number" || r[j] == null);
}

/**
 * An HTML table; numbers right-aligned, every header and cell escaped. Alignment is the `align` attribute,
 * not a style, because untrusted classic Notebook strips every style attribute but keeps `align`.
 *
 * @param table columns and rows.
 * @param options number format, caption, row limit.
 * @param where names the caller in error messages.
 * @returns an HTML fragment.
 * @throws on bad options (e.g. `maxRows` not a positive integer) or a row whose cells do not match the
 *   columns (see `checkTable`), naming `where`.
 */
export function tableHtml(table: TableData, options: TableViewOptions = {}, where = "tableHtml"): string {
  const { shown, more } = cells(table, options, where);
  const align = table.columns.map((_, j) => (isNumericColumn(table, j) ? "right" : "left"));
  const head = table.columns.map((c, j) => `<th align="${align[j]}">${escapeHtml(c)}</th>`).join("");
  const body = shown
    .map((r) => `<tr>${r.map((v, j) => `<td align="${align[j]}">${escapeHtml(v)}</td>`).join("")}</tr>`)
    .join("\n");
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  const note = more ? `<p><i>… ${more} more row${more === 1 ? "" : "s"}</i></p>` : "";
  return (
    `<table class="gaugelab-table">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>` +
    note
  );
}

/** A markdown cell: HTML escaped (markdown renderers pass raw HTML through), pipes escaped, one line. */
function mdCell(s: string): string {
  return escapeHtml(s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " "));
}

/**
 * A GitHub-flavoured markdown table (HTML and pipes escaped, numbers right-aligned).
 *
 * @param table columns and rows.
 * @param options number format, caption, row limit.
 * @param where names the caller in error messages.
 * @returns markdown text.
 * @throws as {@link tableHtml}.
 */
export function tableMarkdown(
  table: TableData,
  options: TableViewOptions = {},
  where = "tableMarkdown",
): string {
  const { shown, more } = cells(table, options, where);
  const lines = [
    `| ${table.columns.map(mdCell).join(" | ")} |`,
    `|${table.columns.map((_, j) => (isNumericColumn(table, j) ? " ---: " : " :--- ")).join("|")}|`,
    ...shown.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
  ];
  if (options.caption) lines.unshift(`**${mdCell(options.caption)}**`, "");
  if (more) lines.push("", `… ${more} more row${more === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/**
 * A fixed-width plain-text table for consoles and `text/plain`.
 *
 * @param table columns and rows.
 * @param options number format, caption, row limit.
 * @param where names the caller in error messages.
 * @returns text lines joined by newlines.
 * @throws as {@link tableHtml}.
 */
export function tableText(table: TableData, options: TableViewOptions = {}, where = "tableText"): string {
  const { shown, more } = cells(table, options, where);
  const widths = table.columns.map((c, j) => Math.max(c.length, ...shown.map((r) => r[j].length)));
  const pad = (s: string, j: number) =>
    isNumericColumn(table, j) ? s.padStart(widths[j]) : s.padEnd(widths[j]);
  const lines = [
    table.columns.map(pad).join("  "),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...shown.map((r) => r.map(pad).join("  ")),
  ];
  if (options.caption) lines.unshift(options.caption);
  if (more) lines.push(`… ${more} more row${more === 1 ? "" : "s"}`);
  return lines.join("\n");
}
