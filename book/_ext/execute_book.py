"""Execute the book's notebooks in parallel into the book's notebook cache, then build.

``make book`` runs this before ``jupyter-book build``: the build then finds every notebook
executed in ``_build/.jupyter_cache`` (the cache it uses itself, execute mode ``cache``)
and only renders. Executed one after another inside the build, the notebooks get one
core; here each runs in its own process (its own kernel). On a 2-core machine with
another program busy, two kernels get about 4/3 of the machine instead of one core, and
on an idle one nearly twice the throughput. A notebook whose code did not change is not
executed again.

    python book/_ext/execute_book.py            # jobs: BOOK_JOBS or min(cores // threads, 4)
    python book/_ext/execute_book.py --jobs 1

The longest notebooks start first (longest-processing-time order, which keeps the two
workers busy to the end): the expected seconds come from the last run on this machine
(``_build/notebook_seconds.json``, written by every run) or, on a fresh clone, from
``book/_ext/notebook_seconds.json`` (times measured under ``standard``; only an order, never
a result: a stale file makes the run slower, not wrong).

Every kernel connection runs with ``kernel_wakeup.install()`` (no silent stalls); a failing
notebook stops the run with its traceback, naming the notebook and the cell, and exit
status 1. The workers only execute; this process alone writes the cache (one writer for its
SQLite database).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import kernel_wakeup  # noqa: E402
from course_book import drop_stale_cache  # noqa: E402


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks of ``_toc.yml``, in book order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]] + [ch["file"] for part in toc.get("parts", []) for ch in part["chapters"]]
    return [root / f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").exists()]


def cell_timeout(root: Path = ROOT) -> int:
    config = yaml.safe_load((root / "_config.yml").read_text())
    return int(config.get("execute", {}).get("timeout", 30))


#: what a kernel that never started leaves in the record (or nothing at all)
_START_FAILURES = ("Kernel died before replying to kernel_info", "Address already in use")


def kernel_did_not_start(traceback: str | None) -> bool:
    """Whether a failed execution's traceback is that of a kernel that never started.

    jupyter_client gives a new kernel five free TCP ports by binding and releasing them; the
    kernel binds them a moment later, and a process that takes one in between kills it at
    start-up (``ZMQError: Address already in use``, seen once in ``make test`` here with two
    kernels and a browser starting together). No cell ran, so running again is safe.

    >>> kernel_did_not_start(None), kernel_did_not_start("CellTimeoutError: ... cell 3")
    (True, False)
    """
    return not traceback or any(marker in traceback for marker in _START_FAILURES)


def _run(uri: str, source: str, timeout: int) -> tuple[str, str | None, float, str | None]:
    """Execute one notebook (its JSON text) in its folder; a kernel that did not start is
    started once more. Returns ``(uri, executed notebook JSON or None, seconds, traceback)``.

    The worker never touches the cache's database: the parent process is its only writer.
    Two workers committing into the one SQLite file lost a record (seen once in CI: two
    notebooks reported ok, one cache record), and SQLite warns against using a database
    from processes forked after it was opened.
    """
    import traceback

    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    t0 = time.monotonic()
    for attempt in (1, 2):
        nb = nbformat.reads(source, as_version=4)
        try:
            result = single_nb_execution(nb, cwd=str(Path(uri).parent), timeout=timeout, allow_errors=False)
        except Exception:  # not a cell's error: the kernel or its connection
            tb, escaped = traceback.format_exc(), True
        else:
            if result.err is None:
                return uri, nbformat.writes(result.nb), time.monotonic() - t0, None
            tb, escaped = result.exc_string, False
        if attempt == 2 or not (escaped or kernel_did_not_start(tb)):
            break
        print(f"  {Path(uri).name}: the kernel did not start; starting it once more", flush=True)
    return uri, None, time.monotonic() - t0, tb


def _store(cache, uri: str, executed: str, seconds: float) -> None:
    """Commit one executed notebook into the cache (in the parent: one writer), as
    jupyter-cache's own workers do (``create_cache_bundle``: no artefacts, the seconds)."""
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    bundle = CacheBundleIn(nbformat.reads(executed, as_version=4), uri, data={"execution_seconds": seconds})
    cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def expected_seconds(root: Path = ROOT) -> dict[str, float]:
    """Notebook name -> seconds of its last execution (the local record, else the shipped one)."""
    import json

    for path in (root / "_build" / "notebook_seconds.json", root / "book" / "_ext" / "notebook_seconds.json"):
        if path.exists():
            return {str(k): float(v) for k, v in json.loads(path.read_text()).items()}
    return {}


def _record_seconds(root: Path, seconds: dict[str, float]) -> None:
    import json

    path = root / "_build" / "notebook_seconds.json"
    known = expected_seconds(root) if path.exists() else {}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**known, **{k: round(v, 1) for k, v in seconds.items()}}, indent=1,
                               sort_keys=True) + "\n")


def default_jobs() -> int:
    """``BOOK_JOBS``, else as many notebooks as the cores hold at the kernels' thread count.

    Each kernel runs ``COURSE_THREADS`` torch/BLAS threads when that is set (else one for the
    deep-learning chapters, see ``cu.use_free_cores``): jobs × threads must not exceed the
    cores. Measured here: with ``COURSE_THREADS=2``, two kernels and another busy program on
    2 cores, chapters 04 and 05 ran past a 900 s cell timeout (each cell ~4× slower than
    with one thread): threads beyond the cores wait for each other.
    """
    env = os.environ.get("BOOK_JOBS", "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"BOOK_JOBS must be a positive integer, got {env!r}")
        return int(env)
    from course_utils.threads import forced_threads

    per_kernel = forced_threads() or 1  # what every kernel's cu.use_free_cores() will use at most
    return max(1, min((os.cpu_count() or 1) // per_kernel, 4))


def execute(jobs: int, root: Path = ROOT, cache_path: Path | None = None) -> int:
    """Execute every notebook of the table of contents that the cache lacks; 0 if all ran."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbProjectRecord

    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    cache_path = cache_path or root / "_build" / ".jupyter_cache"
    drop_stale_cache(cache_path)
    cache = get_cache(str(cache_path))
    for nb in toc_notebooks(root):
        cache.add_nb_to_project(str(nb))
    todo = cache.list_unexecuted()
    if not todo:
        print("execute_book: every notebook is in the cache")
        return 0
    timeout = cell_timeout(root)
    from course_utils.threads import passive_wait_if_oversubscribed

    if passive_wait_if_oversubscribed(jobs):  # the kernels inherit it (see its docstring)
        print(f"execute_book: COURSE_THREADS={os.environ['COURSE_THREADS']} x {jobs} kernel(s) outnumber the"
              " free cores: OMP_WAIT_POLICY=PASSIVE for the kernels", flush=True)
    expected = expected_seconds(root)
    todo = sorted(todo, key=lambda r: -expected.get(Path(r.uri).name, 0.0))  # longest first
    print(f"execute_book: {len(todo)} notebook(s), {jobs} at a time, cell timeout {timeout} s", flush=True)
    start, failed, seconds_of = time.monotonic(), [], {}
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    queue = list(todo)  # handed out one at a time, so that a failure stops what has not started
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=kernel_wakeup.install) as pool:
        running = set()
        while queue or running:
            while queue and len(running) < jobs and not failed:
                r = queue.pop(0)
                source = nbformat.writes(cache.get_project_notebook(r.pk).nb)
                running.add(pool.submit(_run, r.uri, source, timeout))
            if not running:
                break
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                uri, executed, seconds, tb = future.result()
                name = Path(uri).name
                print(f"  {name:34s} {'FAILED' if executed is None else 'ok'} {seconds:7.1f} s", flush=True)
                if executed is None:  # the book cannot build now: say why at once, start nothing more
                    failed.append(uri)
                    NbProjectRecord.set_traceback(uri, tb, cache.db)  # as jupyter-cache's own workers do
                    print(f"\n{name} failed:\n{tb or '(no traceback recorded)'}", file=sys.stderr, flush=True)
                else:
                    _store(cache, uri, executed, seconds)
                    seconds_of[name] = seconds
    _record_seconds(root, seconds_of)
    print(f"execute_book: {time.monotonic() - start:.0f} s in all", flush=True)
    return 1 if failed else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jobs", type=int, default=None, help="notebooks at a time")
    args = ap.parse_args(argv)
    return execute(args.jobs if args.jobs is not None else default_jobs())


if __name__ == "__main__":
    sys.exit(main())
