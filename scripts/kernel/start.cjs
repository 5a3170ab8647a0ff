/**
 * Starts the gaugelab kernel on a connection file: tslab's converters, executor and sockets, with the message
 * handling of server.cjs in place of tslab's. It does what tslab's `startKernel` does, which cannot be given
 * another handler.
 */
const { JupyterHandlerImpl } = require("tslab/dist/jupyter");
const ts = require("./typescript.cjs");
const wire = require("./wire.cjs");
const { createCellRunner } = require("./run-cell.cjs");
const { ExecuteHandler } = require("./execute.cjs");
const { History } = require("./history.cjs");
const { GaugelabServer } = require("./server.cjs");

/** The `kernel_info_reply` content: tslab's language info, with the TypeScript version that compiles cells. */
function kernelInfo(handler, projectRoot) {
  const { language_info } = handler.handleKernel();
  const tslab = require("tslab/package.json").version;
  return {
    status: "ok",
    protocol_version: wire.PROTOCOL_VERSION,
    implementation: "gaugelab",
    implementation_version: require(`${projectRoot}/package.json`).version,
    language_info: {
      ...language_info,
      version: ts.version,
      pygments_lexer: "typescript",
      nbconvert_exporter: "script",
    },
    banner: `gaugelab (TypeScript): tslab ${tslab}, TypeScript ${ts.version}, Node.js ${process.version}`,
    help_links: [
      { text: "tslab", url: "https://github.com/yunabe/tslab" },
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/" },
      { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
    ],
    debugger: false,
  };
}

/**
 * Starts the kernel. Call it with the project root as the working folder.
 *
 * @param connectionFile the Jupyter connection file.
 * @param projectRoot the gaugelab checkout.
 * @returns a promise that resolves once the sockets are bound.
 */
function startKernel(connectionFile, projectRoot) {
  const runner = createCellRunner(projectRoot);
  const handler = new JupyterHandlerImpl(runner.executor, false);
  const history = new History();
  const server = new GaugelabServer({
    configPath: connectionFile,
    handler,
    executor: runner.executor,
    execute: new ExecuteHandler(runner, history),
    history,
    kernelInfo: kernelInfo(handler, projectRoot),
  });
  // As tslab: Ctrl-C stops an awaited cell, and errors outside any cell go to the last cell's stderr.
  const report = (what) => (thrown) => {
    const { traceback } = runner.describeThrown(thrown);
    process.stderr.write(`${what}: ${traceback.join("\n")}\n`);
  };
  process.on("SIGINT", () => runner.executor.interrupt());
  process.on("uncaughtException", report("Uncaught exception"));
  process.on("unhandledRejection", report("Unhandled promise rejection"));
  return server.init();
}

module.exports = { startKernel };
