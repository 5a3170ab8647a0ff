#!/usr/bin/python3
"""Execute gaugelab's notebooks headlessly through the "gaugelab (TypeScript)" kernel.

    /usr/bin/python3 scripts/run-notebooks.py --quick            # CI: quick mode, into a temporary folder
    /usr/bin/python3 scripts/run-notebooks.py --in-place         # full mode, rewrite notebooks/ with outputs
    /usr/bin/python3 scripts/run-notebooks.py --quick 00-tour    # only notebooks whose name contains "00-tour"

A cell passes only if its execute reply says "ok": tslab reports errors in the reply, never as an iopub
error message, so nbclient alone would let a failed cell through. Each notebook has a time budget
(3 minutes in quick mode). The kernel starts in notebooks/, as Jupyter starts it.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import nbformat
    from nbclient import NotebookClient
except ImportError:
    sys.exit(
        "run-notebooks: this Python has no nbclient. Use Debian's: "
        "`sudo apt-get install python3-nbclient jupyter-notebook` and run with /usr/bin/python3."
    )

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
QUICK_BUDGET_S = 180
FULL_BUDGET_S = 3 * 3600
MAX_NOTEBOOK_BYTES = 3 * 1024 * 1024


class CellFailed(Exception):
    pass


def register_kernel(data_dir: Path) -> None:
    env = dict(os.environ, JUPYTER_DATA_DIR=str(data_dir))
    subprocess.run(["node", str(ROOT / "scripts" / "jupyter.cjs")], env=env, check=True, stdout=subprocess.DEVNULL)


def cell_output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
    return "".join(parts)[-2000:]


def execute(path: Path, out_path: Path, budget_s: int) -> float:
    nb = nbformat.read(path, as_version=4)
    failures = []

    def on_cell_executed(cell, cell_index, execute_reply):
        status = execute_reply["content"].get("status")
        if status != "ok":
            failures.append((cell_index, status, cell))
            raise CellFailed()

    client = NotebookClient(
        nb,
        kernel_name="gaugelab",
        timeout=budget_s,
        startup_timeout=120,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        on_cell_executed=on_cell_executed,
    )
    start = time.monotonic()
    try:
        client.execute()
    except CellFailed:
        pass
    except Exception as error:  # a timeout or a dead kernel
        raise SystemExit(f"FAIL {path.name}: {type(error).__name__}: {error}")
    elapsed = time.monotonic() - start
    nbformat.write(nb, out_path)
    if failures:
        index, status, cell = failures[0]
        raise SystemExit(
            f"FAIL {path.name}: cell {index} replied {status!r}\n--- source ---\n{cell.source}\n"
            f"--- output ---\n{cell_output_text(cell)}"
        )
    if elapsed > budget_s:
        raise SystemExit(f"FAIL {path.name}: took {elapsed:.0f}s, over its {budget_s}s budget")
    return elapsed


def check_committable(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise SystemExit(f"FAIL {path.name}: {size / 1e6:.1f} MB, over the 3 MB limit for committed notebooks")
    if "plotly.js v" in path.read_text() or "Plotly=" in path.read_text():
        raise SystemExit(f"FAIL {path.name}: holds inline plotly.js; emit figures through g.show only")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quick", action="store_true", help="GAUGELAB_QUICK=1, outputs to a temporary folder")
    mode.add_argument("--in-place", action="store_true", help="full mode, rewrite the notebooks with outputs")
    parser.add_argument("--out", type=Path, help="folder for executed copies (quick mode)")
    parser.add_argument("names", nargs="*", help="run only notebooks whose file name contains one of these")
    args = parser.parse_args()

    paths = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not args.names or any(n in p.name for n in args.names))
    if not paths:
        raise SystemExit("run-notebooks: no notebooks matched")
    os.environ["GAUGELAB_QUICK"] = "1" if args.quick else "0"
    budget = QUICK_BUDGET_S if args.quick else FULL_BUDGET_S

    with tempfile.TemporaryDirectory(prefix="gaugelab-jupyter-") as data_dir:
        register_kernel(Path(data_dir))
        os.environ["JUPYTER_DATA_DIR"] = data_dir
        out_dir = args.out or Path(tempfile.mkdtemp(prefix="gaugelab-notebooks-"))
        out_dir.mkdir(parents=True, exist_ok=True)
        passed = 0
        for path in paths:
            out_path = path if args.in_place else out_dir / path.name
            elapsed = execute(path, out_path, budget)
            if args.in_place:
                check_committable(path)
            print(f"ok {path.name} ({elapsed:.1f}s) -> {out_path}", flush=True)
            passed += 1
        print(f"notebooks: {passed} passed, 0 failed")


if __name__ == "__main__":
    main()
