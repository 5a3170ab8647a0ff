#!/usr/bin/python3
"""Run Jupyter's kernel conformance suite against the "gaugelab (TypeScript)" kernel.

    /usr/bin/python3 scripts/test-kernel.py        # npm run test:kernel

Registers the kernelspec in a temporary Jupyter data dir, then runs test/kernel-conformance with unittest.
The suite is Debian's python3-jupyter-kernel-test (jupyter_kernel_test).
"""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    import jupyter_kernel_test  # noqa: F401
except ImportError:
    sys.exit(
        "test-kernel: this Python has no jupyter_kernel_test. Install Debian's: "
        "`sudo apt-get install python3-jupyter-kernel-test` and run with /usr/bin/python3."
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gaugelab-jupyter-") as data_dir:
        env = dict(os.environ, JUPYTER_DATA_DIR=data_dir)
        subprocess.run(["node", str(ROOT / "scripts" / "jupyter.cjs")], env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ["JUPYTER_DATA_DIR"] = data_dir
        suite = unittest.defaultTestLoader.discover(str(ROOT / "test" / "kernel-conformance"))
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
