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

/** Where Jupyter reads user kernelspecs: $JUPYTER_DATA_DIR, else `jupyter --data-dir`, else the XDG default. */
function jupyterDataDir() {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  const jupyter = findExecutable(["jupyter"]);
  if (jupyter) {
    const out = spawnSync(jupyter, ["--data-dir"], { encoding: "utf8" });
    if (out.status === 0 && out.stdout.trim()) return out.stdout.trim();
  }
  return path.join(os.homedir(), ".local", "share", "jupyter");
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
  const target = path.join(dir, "kernel.json");
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(kernelSpec(), null, 2) + "\n");
  fs.renameSync(tmp, target);
  return dir;
}

module.exports = {
  KERNEL_NAME,
  DISPLAY_NAME,
  projectRoot,
  findExecutable,
  jupyterDataDir,
  kernelSpec,
  installKernel,
};

if (require.main === module) {
  const dir = installKernel();
  console.log(`Registered the "${DISPLAY_NAME}" kernel in ${dir}`);
}
