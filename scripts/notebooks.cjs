#!/usr/bin/env node
/**
 * `npm run notebooks` and `npm run test:notebooks`: runs scripts/run-notebooks.py with the Python of the Jupyter
 * found on PATH (Debian's, a venv's or pip's), which is the one that has nbclient. Arguments pass through, e.g.
 * `npm run notebooks -- --quick 00-tour`.
 */
const path = require("path");
const { spawnSync } = require("child_process");
const { jupyterEnv, jupyterPython } = require("./jupyter.cjs");

const python = jupyterPython();
if (!python) {
  console.error(
    "gaugelab: no Jupyter found on PATH, so no Python to run the notebooks with. " +
      "Run `npm test` (it installs what is missing) or `sudo apt-get install jupyter-notebook python3-nbclient`.",
  );
  process.exit(1);
}
const out = spawnSync(python, [path.join(__dirname, "run-notebooks.py"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: jupyterEnv(),
});
process.exit(out.status ?? 1);
