#!/usr/bin/env node
/**
 * The "gaugelab (TypeScript)" Jupyter kernel: tslab started at the project root, with the tfjs backend chosen
 * before the first cell runs. Jupyter starts kernels in the notebook's folder; tslab compiles cells with that
 * folder as rootDir, so `import ... from "../lib"` would fail. Rooting the kernel at the project makes
 * `import * as g from "./lib"` and `data/...` paths work from any notebook.
 *
 * tslab compiles and runs the cells; the messages are answered by scripts/kernel/ (see start.cjs), which
 * speaks Jupyter's protocol where tslab does not: `Out[n]` results, `error` messages with tracebacks in the
 * cell's lines, `stop_on_error`, `is_complete` "invalid", comms, history.
 *
 * Usage: node scripts/kernel.cjs <connection-file>. Jupyter starts it through the guard in jupyter.cjs's
 * kernelspec, which calls `main` with the connection file.
 */
const fs = require("fs");
const path = require("path");

const projectRoot = path.resolve(__dirname, "..");

function fail(message) {
  console.error(`gaugelab kernel: ${message}`);
  process.exit(1);
}

function checkProject() {
  const missing = ["lib/index.ts", "node_modules/tslab/dist/main.js", "node_modules/tsx/package.json"].filter(
    (rel) => !fs.existsSync(path.join(projectRoot, rel)),
  );
  if (missing.length > 0) {
    fail(
      `${projectRoot} is not a complete gaugelab project (missing ${missing.join(", ")}). ` +
        "Run `npm install` there, then `npm run kernel` to register the kernel again.",
    );
  }
}

/**
 * Stops tslab's compiler from watching real files. Its compiler host keeps a single rebuild timer and throws
 * "Unexpected pending rebuildTimer" (killing the kernel) when TypeScript's file and directory watchers schedule a
 * second one, e.g. when a file is created in lib/ while a cell runs. Node keeps the lib's modules loaded until a
 * restart anyway, so without watchers the cells' types and the running code both update at a kernel restart.
 * Cell contents still reach the compiler: tslab tracks them through its own virtual files.
 */
function disableFileWatching() {
  const ts = require("./kernel/typescript.cjs");
  const unwatched = () => ({ close() {} });
  ts.sys.watchFile = unwatched;
  ts.sys.watchDirectory = unwatched;
}

/**
 * Starts the kernel on `connectionFile`, or exits with the fix when the file or the project is missing.
 *
 * @param connectionFile the Jupyter connection file.
 */
async function main(connectionFile) {
  if (!connectionFile || !fs.existsSync(connectionFile)) {
    fail(
      `expected a Jupyter connection file as the first argument, got ${JSON.stringify(connectionFile)}. ` +
        'Jupyter passes it: register the kernel with `npm run kernel` and pick "gaugelab (TypeScript)".',
    );
  }
  checkProject();
  process.chdir(projectRoot);
  process.env.GAUGELAB_KERNEL = "1";
  // tslab resolves a cell's local imports only to exact files (`./lib/index`); registering tsx lets Node load
  // the folder import `./lib` too, while tslab still type-checks the lib for the cell.
  require("tsx/cjs");
  const { ensureBackend } = require("../lib/core/backend.ts");
  try {
    await ensureBackend();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  disableFileWatching();
  const { startKernel } = require("./kernel/start.cjs");
  await startKernel(connectionFile, projectRoot);
}

module.exports = { main };

if (require.main === module) main(process.argv[2]);
