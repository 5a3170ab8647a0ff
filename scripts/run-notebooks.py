#!/usr/bin/python3
"""Execute gaugelab's notebooks headlessly through the "gaugelab (TypeScript)" kernel.

    /usr/bin/python3 scripts/run-notebooks.py --quick            # CI: quick mode, into a temporary folder
    /usr/bin/python3 scripts/run-notebooks.py --in-place         # full mode, rewrite notebooks/ with outputs
    /usr/bin/python3 scripts/run-notebooks.py --full --out DIR 01  # full mode into DIR, notebooks/ untouched
    /usr/bin/python3 scripts/run-notebooks.py --quick 00-tour    # only notebooks whose name contains "00-tour"

A cell passes only if its execute reply says "ok". The kernel reports a failed cell as an iopub error
message and an "error" reply, which nbclient raises on too; the hook also fails replies that nbclient lets
through (an "aborted" cell, say), and names the cell with its source and output. Each notebook has a time
budget (3 minutes in quick mode, 3 hours in full mode), enforced while it runs: a cell may only run until
the budget is spent, and the run stops after the first cell that ends past it. The kernel starts in
notebooks/, as Jupyter starts it.

--in-place executes into a temporary file beside the notebook and replaces the committed notebook
(atomically) only if the run passed and the result is committable (under 3 MB, no inline plotly.js).
A failed run leaves the committed notebook untouched.

Executed copies go to --out if given. Otherwise they go to a temporary folder, which is deleted when
every notebook passed and kept on failure: the error names the executed copy (for --in-place, the
failed run's notebook) so you can open it.
"""

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError
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
INLINE_PLOTLY_MARKERS = ("plotly.js v", "Plotly=")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class RunFailed(Exception):
    """A notebook run or check failed; the message says which notebook and why."""


def register_kernel(data_dir: Path) -> None:
    env = dict(os.environ, JUPYTER_DATA_DIR=str(data_dir))
    subprocess.run(["node", str(ROOT / "scripts" / "jupyter.cjs")], env=env, check=True, stdout=subprocess.DEVNULL)


def cell_output_text(cell) -> str:
    """The cell's stream output and tracebacks, as plain text (the last 2000 characters)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(ANSI.sub("", "\n".join(out.get("traceback", []))) + "\n")
    return "".join(parts)[-2000:]


def execute(path: Path, out_path: Path, budget_s: int) -> float:
    """Runs `path` and writes it, with outputs, to `out_path`, also when the run fails. Returns the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    over_budget = f"FAIL {path.name}: over its {budget_s}s budget"
    start = time.monotonic()
    deadline = start + budget_s
    running = None  # index of the cell being executed

    def on_cell_execute(cell, cell_index):
        nonlocal running
        running = cell_index

    def on_cell_executed(cell, cell_index, execute_reply):
        status = execute_reply["content"].get("status")
        if status != "ok":
            raise RunFailed(
                f"FAIL {path.name}: cell {cell_index} replied {status!r}\n--- source ---\n{cell.source}\n"
                f"--- output ---\n{cell_output_text(cell)}"
            )
        if time.monotonic() > deadline:
            raise RunFailed(f"{over_budget} after cell {cell_index}, at {time.monotonic() - start:.1f}s")

    client = NotebookClient(
        nb,
        kernel_name="gaugelab",
        timeout=budget_s,  # for requests outside cells
        timeout_func=lambda cell: max(1, math.ceil(deadline - time.monotonic())),  # what is left of the budget
        startup_timeout=120,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        on_cell_execute=on_cell_execute,
        on_cell_executed=on_cell_executed,
    )
    try:
        client.execute()
    except RunFailed:
        raise
    except CellTimeoutError:
        raise RunFailed(f"{over_budget}: stopped in cell {running}") from None
    except Exception as error:  # a dead kernel
        raise RunFailed(f"FAIL {path.name}: {type(error).__name__}: {error}") from None
    finally:
        nbformat.write(nb, out_path)
    return time.monotonic() - start


def check_committable(path: Path, name: str) -> None:
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise RunFailed(f"FAIL {name}: {size / 1e6:.1f} MB, over the 3 MB limit for committed notebooks")
    text = path.read_text()
    if any(marker in text for marker in INLINE_PLOTLY_MARKERS):
        raise RunFailed(f"FAIL {name}: holds inline plotly.js; emit figures through g.show only")


def run_in_place(path: Path, budget_s: int, failed_dir: Path) -> float:
    """Runs `path` into a temporary file beside it, which replaces `path` only if the run and checks passed.

    On failure the executed notebook is moved to `failed_dir` and `path` is left as it was.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder, so os.replace is atomic
    try:
        elapsed = execute(path, tmp, budget_s)
        check_committable(tmp, path.name)
        os.replace(tmp, path)
        return elapsed
    finally:
        if tmp.exists():
            shutil.move(tmp, failed_dir / path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quick", action="store_true", help="GAUGELAB_QUICK=1, outputs to a temporary folder")
    mode.add_argument("--in-place", action="store_true", help="full mode, rewrite the notebooks with outputs")
    mode.add_argument("--full", action="store_true", help="full mode, outputs to --out (notebooks left alone)")
    parser.add_argument("--out", type=Path, help="keep the executed copies (quick) or failed runs (in place) here")
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
        for path in paths:
            try:
                if args.in_place:
                    elapsed = run_in_place(path, budget, out_dir)
                    dest = path
                else:
                    dest = out_dir / path.name
                    elapsed = execute(path, dest, budget)
            except RunFailed as error:
                raise SystemExit(f"{error}\nexecuted notebook kept in {out_dir / path.name}") from None
            kept = f" -> {dest}" if args.in_place or args.out else ""
            print(f"ok {path.name} ({elapsed:.1f}s){kept}", flush=True)
        if not args.out:
            shutil.rmtree(out_dir)
        print(f"notebooks: {len(paths)} passed, 0 failed")


if __name__ == "__main__":
    main()
