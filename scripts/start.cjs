#!/usr/bin/env node
/**
 * `npm start`: checks GAUGELAB_BACKEND, registers the kernel and opens Jupyter (JupyterLab if installed, else
 * Notebook) on notebooks/.
 */
const path = require("path");
const { spawn } = require("child_process");
const { findExecutable, installKernel, projectRoot, DISPLAY_NAME } = require("./jupyter.cjs");

function fail(message) {
  console.error(`gaugelab: ${message}`);
  process.exit(1);
}

/** Loads lib/backend.ts through tsx, or stops with the fix when the dependencies are not installed. */
function loadBackendLib() {
  try {
    require.resolve("tsx/cjs");
  } catch {
    fail(
      `the dependencies are not installed. Run \`npm install\` in ${projectRoot}, then \`npm start\` again.`,
    );
  }
  require("tsx/cjs");
  return require("../lib/core/backend.ts");
}

/**
 * Stops with the lib's own message when GAUGELAB_BACKEND names no backend gaugelab knows, before Jupyter
 * starts. The lib (and tfjs with it, about 100 MB) loads only when the variable is set, so a plain
 * `npm start` stays light.
 */
function checkForcedBackend() {
  if (!process.env.GAUGELAB_BACKEND) return;
  const { forcedBackend } = loadBackendLib();
  try {
    forcedBackend();
  } catch (error) {
    fail(error.message);
  }
}

checkForcedBackend();
const jupyter = findExecutable(["jupyter-lab", "jupyter-notebook"]);
if (!jupyter) {
  fail(
    [
      "no Jupyter found (looked for jupyter-lab and jupyter-notebook on PATH).",
      "Install one, then run `npm start` again:",
      "  pip install jupyterlab                      # JupyterLab, where PyPI is reachable",
      "  sudo apt-get install jupyter-notebook       # Debian/Ubuntu: classic Notebook 6",
    ].join("\n"),
  );
}

const kernelDir = installKernel();
console.log(`gaugelab: registered "${DISPLAY_NAME}" in ${kernelDir}; starting ${path.basename(jupyter)}`);
const args = [`--notebook-dir=${path.join(projectRoot, "notebooks")}`, ...process.argv.slice(2)];
if (process.getuid && process.getuid() === 0) args.push("--allow-root");
const child = spawn(jupyter, args, { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
