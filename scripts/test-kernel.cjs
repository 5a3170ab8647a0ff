#!/usr/bin/env node
/**
 * `npm run test:kernel`: Jupyter's kernel conformance suite (jupyter_kernel_test, Debian's
 * python3-jupyter-kernel-test) and the gaugelab kernel's own protocol tests, both in test/kernel-conformance/,
 * run with unittest by the Python of the Jupyter found on PATH, against the kernelspec registered in a
 * temporary Jupyter data dir.
 */
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { installKernel, jupyterEnv, jupyterPython, projectRoot } = require("./jupyter.cjs");

function fail(message) {
  console.error(`gaugelab: ${message}`);
  process.exit(1);
}

const python = jupyterPython();
if (!python) {
  fail(
    "no Jupyter found on PATH, so no Python to run the kernel tests with. Run `npm test` (it installs what is missing).",
  );
}
if (spawnSync(python, ["-c", "import jupyter_kernel_test"], { stdio: "ignore" }).status !== 0) {
  fail(
    `${python} has no jupyter_kernel_test. Run \`npm test\` or \`sudo apt-get install python3-jupyter-kernel-test\`.`,
  );
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-jupyter-"));
let status;
try {
  process.env.JUPYTER_DATA_DIR = dataDir;
  installKernel();
  const suite = path.join(projectRoot, "test", "kernel-conformance");
  status = spawnSync(python, ["-m", "unittest", "discover", "--verbose", "--start-directory", suite], {
    cwd: projectRoot,
    stdio: "inherit",
    env: jupyterEnv(),
  }).status;
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(status ?? 1);
