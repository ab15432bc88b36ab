"""Threads: how many torch/BLAS threads a chapter runs, from the cores that are free.

Threads beyond the free cores do not add speed, they wait for each other. The rules here
were measured on the course's 2-core machine with another program keeping one core busy
(numbers in the docstrings); ``COURSE_THREADS`` overrides them for reproducibility checks.
"""

from __future__ import annotations

import os
import warnings


def free_cores(interval: float = 0.25) -> int:
    """How many CPU cores are not busy with other work right now (at least 1).

    Measured over ``interval`` seconds (system-wide CPU use, as ``top`` shows it), so a
    program hogging one core of two leaves 1. Falls back to the core count where the
    measurement is not available.

    >>> 1 <= free_cores(0.05) <= (os.cpu_count() or 1)
    True
    """
    if not interval > 0:
        raise ValueError(f"interval must be > 0 seconds, got {interval!r}")
    cores = os.cpu_count() or 1
    try:
        import psutil

        busy = psutil.cpu_percent(interval=interval) / 100.0
    except Exception:  # pragma: no cover - psutil missing or no /proc
        return cores
    return max(1, min(cores, int(round(cores * (1.0 - busy)))))


def forced_threads() -> int | None:
    """The thread count set by env ``COURSE_THREADS`` (a positive integer), or ``None`` if unset.

    >>> os.environ["COURSE_THREADS"] = "2"; forced_threads()
    2
    >>> del os.environ["COURSE_THREADS"]; forced_threads() is None
    True
    """
    forced = os.environ.get("COURSE_THREADS", "").strip()
    if not forced:
        return None
    if not forced.isdigit() or int(forced) < 1:
        raise ValueError(f"COURSE_THREADS must be a positive integer, got {forced!r}")
    return int(forced)


def use_free_cores(max_threads: int | None = None) -> int:
    """Give PyTorch and the BLAS/OpenMP pools as many threads as there are free cores.

    Threads beyond the free cores do not add speed, they wait for each other: on the
    course's 2-core machine with one core busy, NumPy's 300×300 matmuls ran 587/s with
    OpenBLAS's default two threads and 929/s with one. The course's small networks run
    fastest on one thread whatever is free, so their chapters pass ``max_threads=1``.

    The environment variable ``COURSE_THREADS`` (a positive integer) overrides both the
    measurement and ``max_threads`` (with a warning when it exceeds the free cores).

    Args:
        max_threads: an upper limit (``None``: the free cores).

    Returns:
        the number of threads set.

    >>> use_free_cores(max_threads=1) if "COURSE_THREADS" not in os.environ else 1
    1
    """
    if max_threads is not None and (isinstance(max_threads, bool) or not isinstance(max_threads, int)
                                    or max_threads < 1):
        raise ValueError(f"max_threads must be a positive integer or None, got {max_threads!r}")
    if (n := forced_threads()) is not None:
        if n > (free := free_cores()):  # oversubscribed: DQN on 2 cores + 1 busy ran 4x slower
            warnings.warn(f"COURSE_THREADS={n} but only {free} core(s) are free: the threads will wait"
                          " for each other; unset it to use the free cores", RuntimeWarning, stacklevel=2)
    else:
        n = free_cores() if max_threads != 1 else 1
        if max_threads is not None:
            n = min(n, max_threads)
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(n)
    threadpool_limits(limits=n)  # NumPy/SciPy BLAS and OpenMP, from now on in this process
    return n


def passive_wait_if_oversubscribed(processes: int = 1) -> bool:
    """Set ``OMP_WAIT_POLICY=PASSIVE`` for child processes when ``COURSE_THREADS`` oversubscribes.

    PyTorch's OpenMP threads wait for each other by spinning. When ``processes`` programs
    of ``COURSE_THREADS`` threads each outnumber the free cores, a spinning thread holds
    the core its partner needs: measured with one of 2 cores busy, two threads ran the
    CartPole DQN at 222 steps/s with spinning and 777 with passive waiting (one thread: 607),
    a small conv net 30 and 55 it/s (one thread: 60). On free cores passive waiting costs
    half (DQN 411 against 869 steps/s), so it is set only when oversubscribed. The OpenMP
    runtime reads the variable when it loads, so it reaches the kernels and workers started
    afterwards, not this process. An ``OMP_WAIT_POLICY`` already set is kept.

    Args:
        processes: how many such programs run at once (notebook kernels, test workers).

    Returns:
        whether it was set.

    >>> _ = os.environ.pop("COURSE_THREADS", None); passive_wait_if_oversubscribed()
    False
    """
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise ValueError(f"processes must be a positive integer, got {processes!r}")
    threads = forced_threads()
    if threads is None or "OMP_WAIT_POLICY" in os.environ or processes * threads <= free_cores():
        return False
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    return True
