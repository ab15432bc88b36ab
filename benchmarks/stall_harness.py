"""Count notebook-execution stalls: the kernel idle, nbclient waiting for a reply.

Not run by default (it takes minutes). It starts the project's kernel through nbclient,
as the book build and nbval do, executes many short cells of each kind the notebooks
use, and counts the cells that took far longer than their work (a *stall*). With
``--load`` another process keeps one core busy meanwhile.

    python benchmarks/stall_harness.py --cells 1000 --kinds output_print,widget --load
    python benchmarks/stall_harness.py --wakeup-fix --load --json benchmarks/results/stalls.json

Each stall costs a full cell timeout (``--timeout``, seconds) and then either goes on or
fails the cell; both count. The table gives stalls per 1,000 cells for every kind, with
the versions of the messaging stack that were installed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

#: Cell sources by kind; ``{i}`` is the cell's index.
KINDS = {
    # ipywidgets' Output capture: nbclient mirrors the captured output back to the
    # kernel with comm messages on the shell channel while the cell runs.
    "output_print": "o = W.Output()\nwith o:\n    print({i})\no",
    "output_figure": (
        "o = W.Output()\nwith o:\n    plt.plot([0, {i}]); plt.show()\no"
    ),
    # our own capture (course_utils.show.widgets.show_in): outputs set kernel-side.
    "show_in": "o = W.Output()\nwith cu_widgets.show_in(o):\n    print({i})\no",
    "show_in_figure": (
        "o = W.Output()\nwith cu_widgets.show_in(o):\n    plt.plot([0, {i}]); plt.show()\no"
    ),
    "interactive_figure": (
        "cu_widgets.interactive_figure(lambda k: plt.plot([0, k]), "
        "{{'k': W.IntSlider(value={i})}})"
    ),
    "widget": "W.IntSlider(value={i})",
    "torch": "float(torch.randn(300, 300).matmul(torch.randn(300, 300)).sum())",
    "c_write": "os.write(1, b'x' * 1000); os.write(2, b'y' * 100)",  # lands in the terminal that started the harness
    "tqdm": "for _ in tqdm(range(50)): pass",
    "print_burst": "for j in range(200): print(j)",
}

SETUP = """
import os
import ipywidgets as W
import matplotlib
import matplotlib.pyplot as plt
import torch
from tqdm.auto import tqdm
from course_utils import widgets as cu_widgets
"""


def _hog(seconds: float) -> None:
    end = time.monotonic() + seconds
    x = 0
    while time.monotonic() < end:
        x += 1


def run_kind(kind: str, cells: int, timeout: float, stall_after: float, per_nb: int) -> dict:
    """Execute ``cells`` cells of ``kind`` in notebooks of ``per_nb`` cells; count stalls."""
    stalls, failures, durations = 0, 0, []
    done = 0
    while done < cells:
        n = min(per_nb, cells - done)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [
            nbformat.v4.new_code_cell(KINDS[kind].format(i=done + i)) for i in range(n)
        ]
        starts: dict[int, float] = {}

        def on_start(cell, cell_index, starts=starts, **_):
            starts[cell_index] = time.monotonic()

        def on_done(cell, cell_index, starts=starts, **_):
            if cell_index:
                durations.append(time.monotonic() - starts[cell_index])

        # the set-up cell imports torch and matplotlib: give it time on a loaded machine
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                timeout_func=lambda cell: 300 if "import torch" in cell.source else timeout,
                                on_cell_start=on_start, on_cell_executed=on_done)
        try:
            client.execute()
        except (CellTimeoutError, DeadKernelError, TimeoutError, AssertionError, RuntimeError) as err:
            failures += 1  # the stall ended the notebook; the rest of its cells are lost
            print(f"  a notebook of {kind!r} ended early: {type(err).__name__}: {str(err)[:120]}", flush=True)
        done += n
    stalls = sum(d > stall_after for d in durations) + failures
    return {"kind": kind, "cells": len(durations), "stalls": stalls, "failures": failures,
            "per_1000": 1000 * stalls / max(1, len(durations)),
            "median_s": sorted(durations)[len(durations) // 2] if durations else None,
            "max_s": max(durations) if durations else None}


def stack_versions() -> dict:
    names = ["ipykernel", "pyzmq", "jupyter_client", "nbclient", "tornado", "ipywidgets"]
    out = {}
    for name in names:
        with contextlib.suppress(Exception):
            out[name] = version(name)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cells", type=int, default=500, help="cells per kind")
    ap.add_argument("--per-notebook", type=int, default=100)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--timeout", type=float, default=10.0, help="nbclient cell timeout (s)")
    ap.add_argument("--stall-after", type=float, default=3.0,
                    help="a cell slower than this counts as a stall (s)")
    ap.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    ap.add_argument("--wakeup-fix", action="store_true",
                    help="install book/_ext/kernel_wakeup.py first, as the book build does")
    ap.add_argument("--json", type=Path, help="append the results to this JSON file")
    args = ap.parse_args(argv)
    if args.wakeup_fix:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
        import kernel_wakeup

        kernel_wakeup.install()
    hog = None
    if args.load:
        hog = mp.Process(target=_hog, args=(24 * 3600,), daemon=True)
        hog.start()
    rows = []
    try:
        for kind in args.kinds.split(","):
            if kind not in KINDS:
                raise SystemExit(f"unknown kind {kind!r}; expected one of {sorted(KINDS)}")
            t0 = time.monotonic()
            row = run_kind(kind, args.cells, args.timeout, args.stall_after, args.per_notebook)
            row["wall_s"] = round(time.monotonic() - t0, 1)
            rows.append(row)
            print(f"{kind:20s} cells {row['cells']:5d}  stalls {row['stalls']:3d}  "
                  f"per 1000 {row['per_1000']:6.1f}  median {row['median_s'] or 0:.3f}s  "
                  f"max {row['max_s'] or 0:.1f}s  wall {row['wall_s']}s", flush=True)
    finally:
        if hog is not None:
            hog.terminate()
    record = {"versions": stack_versions(), "python": platform.python_version(),
              "load": args.load, "wakeup_fix": args.wakeup_fix, "timeout_s": args.timeout, "stall_after_s": args.stall_after,
              "when": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}
    print(json.dumps(record["versions"]))
    if args.json:
        old = json.loads(args.json.read_text()) if args.json.exists() else []
        args.json.write_text(json.dumps(old + [record], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
