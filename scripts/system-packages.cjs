#!/usr/bin/env node
/**
 * The system packages gaugelab needs beside its npm dependencies, installed by the first command that needs
 * them: `npm start` (Jupyter, Chromium, the data) and `npm test` (also nbclient and the kernel conformance
 * suite). Each is checked for what it provides, not by name, so a Jupyter installed with pip or in a venv
 * counts as long as its Python has the modules.
 *
 * When some are missing and apt-get can run (as root, or with password-less sudo), it says what it will install
 * and why, then installs them, as `playwright install --with-deps` does. Elsewhere it stops with the exact
 * command to run.
 *
 * Usage: node scripts/system-packages.cjs start|test   (exit 0 when everything is there or was installed)
 */
const fs = require("fs");
const { spawnSync } = require("child_process");
const { findExecutable, jupyterPython } = require("./jupyter.cjs");

/** Does Jupyter's Python import `module`? */
function pythonHas(module) {
  const python = jupyterPython();
  return (
    python !== undefined && spawnSync(python, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0
  );
}

/** Where Chromium is expected: $GAUGELAB_CHROMIUM, else Debian's (the same rule as lib/viz/render.ts). */
function chromiumPath() {
  return process.env.GAUGELAB_CHROMIUM?.trim() || "/usr/bin/chromium";
}

/**
 * What gaugelab needs: the Debian package that provides it, why, how to tell it is there, and which commands
 * need it.
 */
const REQUIREMENTS = [
  {
    apt: "jupyter-notebook",
    why: "classic Jupyter Notebook 6, which `npm start` opens",
    present: () => findExecutable(["jupyter-notebook", "jupyter-lab"]) !== undefined,
    for: ["start", "test"],
  },
  {
    apt: "jupyter-client",
    why: "Jupyter's command-line tools (`jupyter kernelspec list`)",
    present: () => findExecutable(["jupyter-kernelspec"]) !== undefined,
    for: ["start", "test"],
  },
  {
    apt: "chromium",
    why: "headless Chromium, which draws each figure's PNG",
    present: () => fs.existsSync(chromiumPath()),
    for: ["start", "test"],
  },
  {
    apt: "dataset-fashion-mnist",
    why: "the Fashion-MNIST images, which g.loadFashionMnist() reads",
    present: () => fs.existsSync("/usr/share/datasets/fashion-mnist"),
    for: ["start", "test"],
  },
  {
    apt: "python3-nbclient",
    why: "nbclient, which runs the notebooks headlessly in `npm test`",
    present: () => pythonHas("nbclient"),
    for: ["test"],
  },
  {
    apt: "python3-jupyter-kernel-test",
    why: "Jupyter's kernel conformance suite, run against the gaugelab kernel in `npm test`",
    present: () => pythonHas("jupyter_kernel_test"),
    for: ["test"],
  },
];

/** The requirements that `command` needs and that are missing. */
function missingFor(command) {
  return REQUIREMENTS.filter((r) => r.for.includes(command) && !r.present());
}

/** How this process can run apt-get as root: `[]` (already root), `["sudo", "-n"]`, or undefined. */
function rootPrefix() {
  if (!findExecutable(["apt-get"])) return undefined;
  if (process.getuid && process.getuid() === 0) return [];
  if (findExecutable(["sudo"]) && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0) {
    return ["sudo", "-n"];
  }
  return undefined;
}

/** Runs one command with its output shown; stops this process with the command when it fails. */
function run(argv) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const out = spawnSync(argv[0], argv.slice(1), { stdio: "inherit", env });
  if (out.status !== 0) {
    console.error(
      `gaugelab: \`${argv.join(" ")}\` failed (exit ${out.status ?? out.signal}); fix that and run again.`,
    );
    process.exit(1);
  }
}

/**
 * Makes sure everything `command` needs is installed: returns at once when it is, installs what is missing
 * with apt-get when it can, and otherwise stops the process with the command to run.
 *
 * @param command "start" or "test".
 */
function ensureSystemPackages(command) {
  const missing = missingFor(command);
  if (missing.length === 0) return;
  const names = missing.map((r) => r.apt);
  const list = missing.map((r) => `  ${r.apt.padEnd(28)} ${r.why}`).join("\n");
  const prefix = rootPrefix();
  if (prefix === undefined) {
    const how = findExecutable(["apt-get"])
      ? `Run, then \`npm ${command}\` again:\n  sudo apt-get install -y ${names.join(" ")}`
      : "This machine has no apt-get: install their equivalents (e.g. `pip install notebook nbclient " +
        "jupyter_client jupyter_kernel_test`, a Chromium named by GAUGELAB_CHROMIUM), then run again.";
    console.error(`gaugelab: \`npm ${command}\` needs system packages that are missing:\n${list}\n${how}`);
    process.exit(1);
  }
  console.log(
    `gaugelab: \`npm ${command}\` needs these system packages; installing them with apt-get:\n${list}`,
  );
  run([...prefix, "apt-get", "update", "-qq"]);
  run([...prefix, "apt-get", "install", "-y", ...names]); // apt lists what it adds and the disk it takes
  const still = missingFor(command);
  if (still.length > 0) {
    console.error(`gaugelab: still missing after apt-get: ${still.map((r) => r.apt).join(", ")}`);
    process.exit(1);
  }
}

module.exports = { REQUIREMENTS, missingFor, ensureSystemPackages };

if (require.main === module) {
  const command = process.argv[2];
  if (command !== "start" && command !== "test") {
    console.error("usage: node scripts/system-packages.cjs start|test");
    process.exit(2);
  }
  ensureSystemPackages(command);
}
