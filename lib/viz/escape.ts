const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for use inside HTML element content or a quoted attribute value.
 *
 * @param text any user-supplied text (labels, column names, cell values).
 * @returns the text with `& < > " '` replaced by entities; safe to splice into HTML.
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
