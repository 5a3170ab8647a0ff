import { publishDisplay } from "../kernel/jupyter-output";
import { TableSource, toTable } from "./results";
import { TableViewOptions, tableHtml, tableMarkdown, tableText } from "./table-view";

/**
 * The display bundle for a table: HTML, markdown and plain text in one message.
 *
 * @param source a danfojs DataFrame, table data or result records.
 * @param options number format (digits, percent columns), caption, row limit.
 * @param where names the caller in error messages.
 * @returns the MIME bundle.
 * @throws on a bad source or options (e.g. `maxRows` not a positive integer), naming `where`.
 */
export function tableBundle(
  source: TableSource,
  options: TableViewOptions = {},
  where = "tableBundle",
): Record<string, string> {
  const table = toTable(source, where);
  return {
    "text/html": tableHtml(table, options, where),
    "text/markdown": tableMarkdown(table, options, where),
    "text/plain": tableText(table, options, where),
  };
}

/**
 * Shows a table in the notebook (HTML with markdown and text fallbacks in the same `display_data`), or prints
 * the text table outside a kernel.
 *
 * @param source a danfojs DataFrame, table data or result records.
 * @param options number format (digits, percent columns), caption, row limit.
 * @throws as {@link tableBundle}, naming `showTable`.
 */
export function showTable(source: TableSource, options: TableViewOptions = {}): void {
  const bundle = tableBundle(source, options, "showTable");
  if (!publishDisplay(bundle)) console.log(bundle["text/plain"]);
}
