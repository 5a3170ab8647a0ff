#!/usr/bin/env node
/**
 * `npm start`: checks GAUGELAB_BACKEND, installs the system packages that are missing (Jupyter, Chromium, the
 * data; see system-packages.cjs), registers the kernel and the Notebook 6 extension for interactive figures,
 * and opens Jupyter (JupyterLab if installed, else Notebook) on notebooks/.
 */
const path = require("path");
const { spawn } = require("child_process");
const {
  findExecutable,
  jupyterEnv,
  installKernel,
  installNotebookExtension,
  projectRoot,
  DISPLAY_NAME,
} = require("./jupyter.cjs");
const { ensureSystemPackages } = require("./system-packages.cjs");

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
ensureSystemPackages("start"); // stops with the fix unless a Jupyter is there (installed now if need be)
const jupyter = findExecutable(["jupyter-lab", "jupyter-notebook"]);

const kernelDir = installKernel();
installNotebookExtension();
console.log(`gaugelab: registered "${DISPLAY_NAME}" in ${kernelDir}; starting ${path.basename(jupyter)}`);
const args = [`--notebook-dir=${path.join(projectRoot, "notebooks")}`, ...process.argv.slice(2)];
if (process.getuid && process.getuid() === 0) args.push("--allow-root");
const child = spawn(jupyter, args, { stdio: "inherit", env: jupyterEnv() });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
