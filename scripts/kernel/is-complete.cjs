/**
 * `is_complete_request`: whether a console should run the code typed so far ("complete"), wait for more
 * lines ("incomplete", with the indent for the next one) or run it to show its syntax error ("invalid").
 *
 * tslab answers only complete or incomplete, and parses cells as TSX, so `<number>x` casts look unfinished.
 * This parses them as tslab compiles them, as TypeScript modules, with tslab's TypeScript.
 */
const { isCompleteCode } = require("tslab/dist/converter");
const ts = require("./typescript.cjs");

/** What tslab puts before every cell, so that cells are modules (top-level await, imports). */
const MODULE_PREFIX = "export {};\n";

/** TypeScript's "Unterminated template literal": a template string can go on over lines. */
const UNTERMINATED_TEMPLATE = 1160;

/**
 * @param code the code typed so far.
 * @returns the `is_complete_reply` content: `{ status }`, with `indent` when incomplete.
 */
function isComplete(code) {
  const file = ts.createSourceFile(
    "cell.ts",
    MODULE_PREFIX + code,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  const errors = file.parseDiagnostics.map((d) => ({ ...d, start: d.start - MODULE_PREFIX.length }));
  if (errors.length === 0) return { status: "complete" };
  // A blank last line means "run it now", as in tslab.
  const forced = /(^|\n)\s*\n\s*$/.test(code);
  const end = code.trimEnd().length;
  const waitsForMore = errors.some(
    (d) =>
      d.code === UNTERMINATED_TEMPLATE ||
      (d.start >= end && typeof d.messageText === "string" && d.messageText.endsWith(" expected.")),
  );
  if (!waitsForMore || forced) return { status: "invalid" };
  const tslab = isCompleteCode(code);
  return { status: "incomplete", indent: tslab.completed ? "" : tslab.indent };
}

module.exports = { isComplete };
