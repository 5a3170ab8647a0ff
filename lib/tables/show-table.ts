import { publishDisplay } from "../kernel/jupyter-output";
import { TableSource, toTable } from "./results";
import { TableViewOptions, tableHtml, tableMarkdown, tableText } from "./table-view";

/**
 * The display bundle for a table: HTML, markdown and plain text in one message.
 *
 * @param source a danfojs DataFrame, table data or result records.
 * @param options number format (digits, percent columns), caption, row limit.
 * @returns the MIME bundle.
 */
export function tableBundle(source: TableSource, options: TableViewOptions = {}): Record<string, string> {
  const table = toTable(source);
  return {
    "text/html": tableHtml(table, options),
    "text/markdown": tableMarkdown(table, options),
    "text/plain": tableText(table, options),
  };
}

/**
 * Shows a table in the notebook (HTML with markdown and text fallbacks in the same `display_data`), or prints
 * the text table outside a kernel.
 *
 * @param source a danfojs DataFrame, table data or result records.
 * @param options number format (digits, percent columns), caption, row limit.
 */
export function showTable(source: TableSource, options: TableViewOptions = {}): void {
  const bundle = tableBundle(source, options);
  if (!publishDisplay(bundle)) console.log(bundle["text/plain"]);
}
