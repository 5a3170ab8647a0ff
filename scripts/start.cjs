#!/usr/bin/env node
/** `npm start`: registers the kernel and opens Jupyter (JupyterLab if installed, else Notebook) on notebooks/. */
const path = require("path");
const { spawn } = require("child_process");
const { findExecutable, installKernel, projectRoot, DISPLAY_NAME } = require("./jupyter.cjs");

const jupyter = findExecutable(["jupyter-lab", "jupyter-notebook"]);
if (!jupyter) {
  console.error(
    [
      "gaugelab: no Jupyter found (looked for jupyter-lab and jupyter-notebook on PATH).",
      "Install one, then run `npm start` again:",
      "  pip install jupyterlab                      # JupyterLab, where PyPI is reachable",
      "  sudo apt-get install jupyter-notebook       # Debian/Ubuntu: classic Notebook 6",
    ].join("\n"),
  );
  process.exit(1);
}

const kernelDir = installKernel();
console.log(`gaugelab: registered "${DISPLAY_NAME}" in ${kernelDir}; starting ${path.basename(jupyter)}`);
const args = [`--notebook-dir=${path.join(projectRoot, "notebooks")}`, ...process.argv.slice(2)];
if (process.getuid && process.getuid() === 0) args.push("--allow-root");
const child = spawn(jupyter, args, { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
