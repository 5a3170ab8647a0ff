/**
 * Finding Jupyter and registering the "gaugelab (TypeScript)" kernelspec. Shared by `npm run kernel`,
 * `npm start` and the notebook tests.
 */
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const projectRoot = path.resolve(__dirname, "..");
const KERNEL_NAME = "gaugelab";
const DISPLAY_NAME = "gaugelab (TypeScript)";

/** The first of `names` found on PATH, or undefined. */
function findExecutable(names) {
  const dirs = (process.env.PATH || "").split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** The folder `jupyter --<flag>` prints (`data-dir` or `config-dir`), or undefined without a `jupyter`. */
function askJupyter(flag) {
  const jupyter = findExecutable(["jupyter"]);
  if (!jupyter) return undefined;
  const out = spawnSync(jupyter, [`--${flag}`], { encoding: "utf8" });
  return out.status === 0 && out.stdout.trim() ? out.stdout.trim() : undefined;
}

/** Where Jupyter reads user kernelspecs: $JUPYTER_DATA_DIR, else `jupyter --data-dir`, else the XDG default. */
function jupyterDataDir() {
  return (
    process.env.JUPYTER_DATA_DIR ||
    askJupyter("data-dir") ||
    path.join(os.homedir(), ".local", "share", "jupyter")
  );
}

/** Where Jupyter reads user config: $JUPYTER_CONFIG_DIR, else `jupyter --config-dir`, else ~/.jupyter. */
function jupyterConfigDir() {
  return process.env.JUPYTER_CONFIG_DIR || askJupyter("config-dir") || path.join(os.homedir(), ".jupyter");
}

/**
 * The Python that runs the Jupyter found on PATH (read from the `jupyter` script's `#!` line), so that the
 * notebook runner and the kernel tests use the Python that has nbclient, whether Debian's, a venv's or pip's.
 * Returns undefined when there is no `jupyter`, or its first line names no Python.
 */
function jupyterPython() {
  const jupyter = findExecutable(["jupyter"]);
  if (!jupyter) return undefined;
  const firstLine = fs.readFileSync(jupyter, "utf8").split("\n", 1)[0];
  const match =
    /^#!\s*(\S*python[\d.]*)\s*$/.exec(firstLine) || /^#!\s*\S*env\s+(python[\d.]*)\s*$/.exec(firstLine);
  if (!match) return undefined;
  return path.isAbsolute(match[1]) ? match[1] : findExecutable([match[1]]);
}

/**
 * The environment for the Jupyter and Python processes that gaugelab starts: `env` with pydevd's file
 * validation off. Without it, Python 3.11 prints "Debugger warning: It seems that frozen modules are being
 * used..." whenever debugpy loads, which is whenever Jupyter lists the python3 kernel (its kernelspec module
 * imports ipykernel's debugger) and whenever a Python kernel starts. The warning is about breakpoints in a
 * debugger, which gaugelab does not use.
 */
function jupyterEnv(env = process.env) {
  return { ...env, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

/**
 * The `node -e` code that starts `launcher` on the connection file (`process.argv[1]` under `-e`), or exits
 * with the fix when the checkout holding the launcher has moved or been deleted, instead of Node's "Cannot
 * find module" stack. Jupyter substitutes `{word}` anywhere in argv, so the code never puts a bare word in
 * braces.
 */
function launcherGuard(launcher) {
  const missing =
    `gaugelab kernel: ${launcher} no longer exists (the gaugelab checkout moved or was deleted). ` +
    "To fix it, run `npm run kernel` in your gaugelab checkout.";
  return [
    `if (!require("fs").existsSync(${JSON.stringify(launcher)})) {`,
    `console.error(${JSON.stringify(missing)});`,
    "process.exit(1);",
    "}",
    `require(${JSON.stringify(launcher)}).main(process.argv[1]);`,
  ].join(" ");
}

/** The kernelspec that starts scripts/kernel.cjs with this Node, through {@link launcherGuard}. */
function kernelSpec() {
  return {
    argv: [
      process.execPath,
      "-e",
      launcherGuard(path.join(projectRoot, "scripts", "kernel.cjs")),
      "{connection_file}",
    ],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { gaugelab_project: projectRoot },
  };
}

/**
 * Writes <data-dir>/kernels/gaugelab/kernel.json, replacing only that one file; other kernels are untouched.
 * Returns the folder written.
 */
function installKernel() {
  const dir = path.join(jupyterDataDir(), "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(), null, 2) + "\n");
  return dir;
}

/** Writes `file` whole or not at all: a temporary file beside it, then a rename. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Installs scripts/nbextension (interactive plotly figures in classic Notebook 6) as the `gaugelab/main`
 * nbextension: main.js copied and the project's plotly.min.js linked into <data-dir>/nbextensions/gaugelab/,
 * and `load_extensions["gaugelab/main"]` set in <config-dir>/nbconfig/notebook.json (other keys kept).
 * Returns the extension's folder.
 */
function installNotebookExtension() {
  const dir = path.join(jupyterDataDir(), "nbextensions", "gaugelab");
  fs.mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, "main.js"), fs.readFileSync(path.join(__dirname, "nbextension", "main.js")));
  const plotly = path.join(dir, "plotly.min.js");
  fs.rmSync(plotly, { force: true });
  fs.symlinkSync(require.resolve("plotly.js-dist-min", { paths: [projectRoot] }), plotly);

  const configDir = path.join(jupyterConfigDir(), "nbconfig");
  fs.mkdirSync(configDir, { recursive: true });
  const configFile = path.join(configDir, "notebook.json");
  let config = {};
  if (fs.existsSync(configFile)) {
    try {
      config = JSON.parse(fs.readFileSync(configFile, "utf8"));
    } catch (error) {
      throw new Error(`${configFile} is not valid JSON (${error.message}); fix or delete it, then run again`);
    }
  }
  config.load_extensions = { ...config.load_extensions, "gaugelab/main": true };
  writeAtomic(configFile, JSON.stringify(config, null, 2) + "\n");
  return dir;
}

module.exports = {
  KERNEL_NAME,
  DISPLAY_NAME,
  projectRoot,
  findExecutable,
  jupyterDataDir,
  jupyterConfigDir,
  jupyterPython,
  jupyterEnv,
  kernelSpec,
  installKernel,
  installNotebookExtension,
};

if (require.main === module) {
  console.log(`Registered the "${DISPLAY_NAME}" kernel in ${installKernel()}`);
  console.log(`Installed the Notebook 6 extension for interactive figures in ${installNotebookExtension()}`);
}
