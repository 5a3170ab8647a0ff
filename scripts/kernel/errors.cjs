/**
 * Turns a failed cell into the content of Jupyter's `error` message, `{ ename, evalue, traceback }`, which
 * frontends show as a red traceback and nbclient and papermill read to see that a cell failed.
 *
 * - A thrown value: its name and message, then its stack frames. Frames in a cell show the cell and line
 *   with the lines around it (`Cell In[3], line 2`), frames in project files are project-relative, and the
 *   frames of the kernel machinery under the cell (node:vm, tslab, this folder) are dropped.
 * - TypeScript diagnostics: each with its cell (or file), line and column, the line with the span marked,
 *   and the message, under the name `TSError`.
 */
const fs = require("fs");
const path = require("path");
const util = require("util");

const RED = (text) => `\x1b[31m${text}\x1b[39m`;
const GREEN = (text) => `\x1b[32m${text}\x1b[39m`;

/** `at name (location:line:column)` or `at location:line:column`, as V8 writes a frame. */
const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/** Frames from here down belong to the kernel, not to the cell's code. */
const MACHINERY = ["node:vm", `${path.sep}node_modules${path.sep}tslab${path.sep}`, __dirname + path.sep];

/**
 * The cell's lines around `line`, numbered, with an arrow at `line`, as IPython shows them.
 *
 * @param lines the cell's (or file's) lines.
 * @param line the 1-based line to point at.
 * @param before how many lines to show above it.
 * @param after how many lines to show below it.
 */
function context(lines, line, before = 2, after = 1) {
  const first = Math.max(1, line - before);
  const last = Math.min(lines.length, line + after);
  const width = String(last).length;
  const out = [];
  for (let n = first; n <= last; n++) {
    const number = String(n).padStart(width);
    out.push(n === line ? `${GREEN("---->")} ${number} ${lines[n - 1]}` : `      ${number} ${lines[n - 1]}`);
  }
  return out;
}

/** One stack frame line as the traceback shows it, or undefined to drop it (kernel machinery). */
function frameText(raw, cells, projectRoot) {
  const match = FRAME.exec(raw);
  if (!match) return raw.trim().startsWith("at ") ? `    ${raw.trim()}` : undefined;
  const [, name, location, line, column] = match;
  const cell = cells.get(location);
  if (cell) {
    const sourceLine = cell.sourceLine(Number(line), Number(column));
    if (sourceLine === undefined) return undefined; // the call of tslab's wrapper around the cell
    // Cell-level functions are called through tslab's `exports` proxy, which V8 names as the receiver.
    const fn = name?.replace(/^async /, "").replace(/^Proxy\./, "");
    const header = GREEN(`${cell.label}, line ${sourceLine}`) + (fn ? `, in ${fn}` : "");
    return [header, ...context(cell.sourceLines, sourceLine)].join("\n");
  }
  const file = location.replace(/^file:\/\//, "");
  const shown = file.startsWith(projectRoot + path.sep) ? path.relative(projectRoot, file) : location;
  const at = `${shown}:${line}:${column}`;
  return `    at ${name ? `${name} (${at})` : at}`;
}

/** The frame lines of a V8 stack, up to the first frame of the kernel machinery. */
function cellFrames(stack) {
  const frames = [];
  for (const line of stack.split("\n")) {
    if (!/^\s+at /.test(line)) continue;
    if (MACHINERY.some((marker) => line.includes(marker))) break;
    if (!line.includes("(node:internal/") && !/ at node:internal\//.test(line)) frames.push(line);
  }
  return frames;
}

/**
 * The `error` content for a value a cell threw (or a promise it awaited rejected with).
 *
 * @param thrown the value: usually an Error, but JavaScript can throw anything.
 * @param cells the kernel's {@link CellRegistry}.
 * @param projectRoot paths under it are shown relative to it.
 * @returns `{ ename, evalue, traceback }`.
 */
function thrownError(thrown, cells, projectRoot) {
  const isError = thrown !== null && typeof thrown === "object" && typeof thrown.message === "string";
  if (!isError) {
    const evalue = util.inspect(thrown);
    return { ename: "Uncaught", evalue, traceback: [`${RED("Uncaught")} ${evalue}`] };
  }
  const ename = typeof thrown.name === "string" && thrown.name ? thrown.name : "Error";
  const evalue = thrown.message;
  const frames = typeof thrown.stack === "string" ? cellFrames(thrown.stack) : [];
  const shown = frames
    .map((frame) => frameText(frame, cells, projectRoot))
    .filter((text) => text !== undefined);
  return { ename, evalue, traceback: [`${RED(ename)}: ${evalue}`, ...shown] };
}

/** Groups tslab's flattened diagnostics: a message chain's parts follow their head with the same span. */
function groupDiagnostics(diagnostics) {
  const groups = [];
  for (const diag of diagnostics) {
    const last = groups[groups.length - 1];
    const sameSpan = last && last.start.offset === diag.start.offset && last.end.offset === diag.end.offset;
    if (sameSpan && !diag.fileName) last.details.push(diag.messageText);
    else groups.push({ ...diag, details: [] });
  }
  return groups;
}

/** The lines of the file a diagnostic is in, or [] when it cannot be read. */
function fileLines(projectRoot, fileName) {
  try {
    return fs.readFileSync(path.resolve(projectRoot, fileName), "utf8").split("\n");
  } catch {
    return [];
  }
}

/**
 * The `error` content for a cell that did not compile.
 *
 * @param diagnostics tslab's diagnostics (0-based `start` and `end` lines and characters; `fileName` set
 *   for errors in other files, relative to the project root).
 * @param cell the cell that was compiled (its label and lines).
 * @param projectRoot where `fileName`s are relative to.
 * @returns `{ ename: "TSError", evalue, traceback }`.
 */
function compileError(diagnostics, cell, projectRoot) {
  const groups = groupDiagnostics(diagnostics);
  const traceback = groups.map((diag) => {
    const line = diag.start.line + 1;
    const where = diag.fileName ? diag.fileName : cell.label;
    const lines = diag.fileName ? fileLines(projectRoot, diag.fileName) : cell.sourceLines;
    const block = [GREEN(`${where}, line ${line}, column ${diag.start.character + 1}`)];
    if (line <= lines.length) {
      block.push(...context(lines, line, 1, 0));
      const width =
        diag.end.line === diag.start.line ? Math.max(1, diag.end.character - diag.start.character) : 1;
      const gutter = 7 + String(line).length;
      block.push(" ".repeat(gutter + diag.start.character) + RED("^".repeat(width)));
    }
    block.push(`${RED(`error TS${diag.code}`)}: ${[diag.messageText, ...diag.details].join("\n  ")}`);
    return block.join("\n");
  });
  const evalue = groups.map((diag) => diag.messageText).join("\n");
  return { ename: "TSError", evalue, traceback };
}

module.exports = { thrownError, compileError };
