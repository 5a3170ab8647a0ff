/**
 * Compiles and runs cells through tslab's own converter and executor, and reports what happened as data
 * instead of console text: the value of the cell's last expression, its TypeScript diagnostics, or the value
 * it threw.
 *
 * tslab's executor prints all three through the console object it is given (`log(value)` for the last
 * expression, `error(...)` for diagnostics and thrown values), so the runner gives it a console that records
 * them for the cell being run. The converter is wrapped to keep each cell's full diagnostics and to name its
 * compiled code for stack traces (see cells.cjs).
 */
const util = require("util");
const { createConverter } = require("tslab/dist/converter");
const { createExecutor } = require("tslab/dist/executor");
const { CellRegistry } = require("./cells.cjs");
const { compileError, thrownError } = require("./errors.cjs");

/** The format tslab's executor prints a diagnostic with. */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/**
 * Creates tslab's converters and executor for the project at `projectRoot` (the working folder).
 *
 * @returns `{ executor, run }`: tslab's executor (for completion, inspection and interrupts) and
 *   {@link run}.
 */
function createCellRunner(projectRoot) {
  const cells = new CellRegistry();
  let current; // the cell being run

  const rawNode = createConverter({ isJS: false, isBrowser: false });
  const node = {
    ...rawNode,
    convert(prevDecl, source) {
      const converted = rawNode.convert(prevDecl, source);
      if (!current) return converted;
      current.diagnostics = converted.diagnostics;
      if (!converted.output) return converted;
      return { ...converted, output: cells.add(current.name, current.label, source, converted.output) };
    },
  };
  let browser;
  const converters = {
    node,
    get browser() {
      browser ??= createConverter({ isJS: false, isBrowser: true });
      return browser;
    },
    close() {
      node.close();
      browser?.close();
    },
  };
  const recorder = {
    log(value) {
      if (!current) return console.log(value);
      current.hasValue = true;
      current.value = value;
    },
    error(...args) {
      if (!current) return console.error(...args);
      if (args[0] === DIAGNOSTIC_FORMAT) current.printed.push(util.format(...args));
      else current.thrown.push(args[0]);
    },
  };
  const executor = createExecutor(process.cwd(), converters, recorder);

  /**
   * Runs one cell.
   *
   * @param source the cell's code.
   * @param name its script name in stack traces, e.g. `In[3]`.
   * @param label how tracebacks call it, e.g. `Cell In[3]`.
   * @returns `{ status: "ok", hasValue, value }` or `{ status: "error", error: { ename, evalue, traceback } }`.
   */
  async function run(source, name, label) {
    current = { name, label, hasValue: false, value: undefined, diagnostics: [], printed: [], thrown: [] };
    let ok;
    try {
      ok = await executor.execute(source);
    } catch (error) {
      ok = false; // tslab itself failed, e.g. its compiler
      current.thrown.push(error);
    }
    const done = current;
    current = undefined;
    if (ok) {
      // `//@module` cells register even with errors; tslab printed those, and so does this.
      for (const line of done.printed) process.stderr.write(`${line}\n`);
      return { status: "ok", hasValue: done.hasValue, value: done.value };
    }
    const error =
      done.diagnostics.length > 0 && done.thrown.length === 0
        ? compileError(done.diagnostics, { label, sourceLines: source.split("\n") }, projectRoot)
        : thrownError(done.thrown[0], cells, projectRoot);
    return { status: "error", error };
  }

  /** The `error` content for a value thrown outside any cell's run (an uncaught exception or rejection). */
  function describeThrown(thrown) {
    return thrownError(thrown, cells, projectRoot);
  }

  return { executor, run, describeThrown };
}

module.exports = { createCellRunner };
