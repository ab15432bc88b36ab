"""Repeated, interleaved measurements for every ``benchmarks/bench_*.py``: median and spread.

A single run per side, one side after the other, cannot tell a real lead from a lucky run:
the machine's load drifts (these are 2 shared cores), and whatever drifts favours whichever
side ran at the better moment. So every benchmark measures each competitor ``repeats``
times, **interleaved** round by round in alternating order (A B, B A, A B, ...: a drift that is
linear in time then hits both sides equally), and reports the median with the min–max range.
A ratio between two competitors is taken **per round** (the two runs of a round ran
side by side) and reported the same way; a lead counts when the whole range of the ratio
stays on one side of 1.

    from _timing import interleaved, machine, ratio, seconds_of
    runs = interleaved({"ours": seconds_of(lambda: solve(m)), "numpy": seconds_of(loop)}, repeats=5)
    r = ratio(runs, "numpy", "ours")          # time of numpy / time of ours: > 1 means ours is faster
    print(table(runs, unit="s"))

Every measurement function returns one number (seconds, or a rate a tool reports itself,
such as CleanRL's steps/s); :func:`seconds_of` turns a function into one that returns its
wall time. :func:`machine` records what could explain a number: the load average before and
after, the core count, torch's and the BLAS pools' threads, the thread variables set.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable


def seconds_of(fn: Callable[[], object]) -> Callable[[], float]:
    """A measurement function that runs ``fn`` once and returns its wall time in seconds."""

    def measure() -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    return measure


def summary(samples: list[float]) -> dict:
    """``{"median", "min", "max", "samples"}`` of a list of measurements.

    >>> summary([3.0, 1.0, 2.0])
    {'median': 2.0, 'min': 1.0, 'max': 3.0, 'samples': [3.0, 1.0, 2.0]}
    """
    if not samples:
        raise ValueError("summary needs at least one sample, got none")
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "samples": list(samples)}


def interleaved(measures: dict[str, Callable[[], float]], repeats: int = 5, warmup: int = 0) -> dict:
    """Run every measurement ``repeats`` times, interleaved in alternating order.

    Round ``r`` runs the competitors in the given order when ``r`` is even and in reverse
    when it is odd. ``warmup`` rounds run first and are not recorded (imports, caches,
    a JIT). Returns ``{name: summary}`` (see :func:`summary`), the samples in round order.

    >>> calls = []
    >>> runs = interleaved({"a": lambda: calls.append("a") or 1.0, "b": lambda: calls.append("b") or 2.0},
    ...                    repeats=3)
    >>> "".join(calls), runs["b"]["median"]
    ('abbaab', 2.0)
    """
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}")
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ValueError(f"warmup must be a non-negative integer, got {warmup!r}")
    if not measures:
        raise ValueError("interleaved needs at least one measurement, got none")
    names = list(measures)
    for _ in range(warmup):
        for name in names:
            measures[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        for name in names if r % 2 == 0 else names[::-1]:
            samples[name].append(float(measures[name]()))
    return {name: summary(s) for name, s in samples.items()}


def ratio(runs: dict, numerator: str, denominator: str) -> dict:
    """Per-round ratio ``numerator / denominator`` of two competitors of one :func:`interleaved` run.

    >>> runs = {"a": summary([2.0, 4.0, 6.0]), "b": summary([1.0, 1.0, 4.0])}
    >>> ratio(runs, "a", "b")["median"], ratio(runs, "a", "b")["min"]
    (2.0, 1.5)
    """
    a, b = runs[numerator]["samples"], runs[denominator]["samples"]
    if len(a) != len(b):
        raise ValueError(f"{numerator!r} has {len(a)} samples and {denominator!r} {len(b)}: not one run")
    return summary([x / y for x, y in zip(a, b)])


def _number(x: float, digits: int) -> str:
    """``digits`` significant digits, but whole numbers with separators from 1,000 on.

    >>> _number(4490.7, 3), _number(0.98912, 3)
    ('4,491', '0.989')
    """
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.{digits}g}"


def spread(s: dict, digits: int = 3) -> str:
    """``median [min–max]`` of a summary, with ``digits`` significant digits.

    >>> spread(summary([1.5, 1.25, 1.75]))
    '1.5 [1.25–1.75]'
    """
    return f"{_number(s['median'], digits)} [{_number(s['min'], digits)}–{_number(s['max'], digits)}]"


def table(runs: dict, unit: str, digits: int = 3) -> str:
    """The runs as a text table: competitor, median, min–max, number of repeats."""
    width = max(len(name) for name in runs) + 2
    lines = [f"{'':{width}}{'median':>12}{'min':>12}{'max':>12}   n  [{unit}]"]
    for name, s in runs.items():
        lines.append(f"{name:{width}}" + "".join(f"{_number(s[k], digits):>12}" for k in ("median", "min", "max"))
                     + f"{len(s['samples']):>4}")
    return "\n".join(lines)


def load_average() -> list[float]:
    """The 1-, 5- and 15-minute load averages, rounded (record them before and after a run)."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    """What could explain a number: platform, cores, load average, threads, thread variables."""
    info = {"platform": platform.platform(), "python": platform.python_version(),
            "cpus": os.cpu_count(), "load_average": load_average(),
            "thread_env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                                      "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY",
                                                      "COURSE_THREADS") if k in os.environ}}
    try:
        import torch

        info["torch"] = {"version": torch.__version__, "threads": torch.get_num_threads()}
    except ImportError:  # pragma: no cover - torch is a dependency
        pass
    try:
        from threadpoolctl import threadpool_info

        info["blas_threads"] = {p["internal_api"]: p["num_threads"] for p in threadpool_info()}
    except ImportError:  # pragma: no cover
        pass
    return info
