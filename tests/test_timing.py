"""benchmarks/_timing.py: the interleaved, repeated measurements every benchmark reports."""

from __future__ import annotations

import doctest
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import _timing  # noqa: E402

sys.path.pop(0)


def test_docstring_examples():
    assert doctest.testmod(_timing).failed == 0


def test_rounds_alternate_so_that_a_linear_drift_hits_every_side_alike():
    clock = iter(range(1, 1000))  # the machine slows down by one unit per measurement

    def side():
        return float(next(clock))

    runs = _timing.interleaved({"a": side, "b": side, "c": side}, repeats=4, warmup=1)
    # warm-up took 1..3; rounds: a b c | c b a | a b c | c b a  -> the same total for every side
    assert runs["a"]["samples"] == [4.0, 9.0, 10.0, 15.0]
    assert runs["c"]["samples"] == [6.0, 7.0, 12.0, 13.0]
    assert sum(runs["a"]["samples"]) == sum(runs["b"]["samples"]) == sum(runs["c"]["samples"])
    # run one after the other instead, "a" would have looked 2.5x faster than "c"
    lead = _timing.ratio(runs, "c", "a")
    assert lead["min"] < 1 < lead["max"]  # no lead that the spread supports: correct, there is none


def test_seconds_of_times_the_call():
    calls = []
    seconds = _timing.seconds_of(lambda: calls.append(1))()
    assert calls == [1] and 0 <= seconds < 1


def test_machine_records_load_and_threads():
    info = _timing.machine()
    assert len(info["load_average"]) == 3 and info["cpus"] >= 1
    assert info["torch"]["threads"] >= 1


@pytest.mark.parametrize("kwargs, message", [
    ({"repeats": 0}, "repeats must be a positive integer, got 0"),
    ({"repeats": True}, "repeats must be a positive integer, got True"),
    ({"warmup": -1}, "warmup must be a non-negative integer, got -1"),
])
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        _timing.interleaved({"a": lambda: 1.0}, **kwargs)


def test_empty_and_mismatched_inputs_are_refused():
    with pytest.raises(ValueError, match="at least one measurement"):
        _timing.interleaved({})
    with pytest.raises(ValueError, match="at least one sample"):
        _timing.summary([])
    runs = {"a": _timing.summary([1.0, 2.0]), "b": _timing.summary([1.0])}
    with pytest.raises(ValueError, match="'a' has 2 samples and 'b' 1: not one run"):
        _timing.ratio(runs, "a", "b")


def test_report_shows_spreads_and_flags_results_without_them(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import report

    sys.path.pop(0)
    runs = {"course_utils.rl.dqn": _timing.summary([4000.0, 4500.0, 5000.0]),
            "CleanRL 1.2.0 dqn.py": _timing.summary([3000.0, 3000.0, 3100.0])}
    dqn = {"machine": _timing.machine(), "throughput": {
        "steps": 30_000, "repeats": 3, "runs": runs,
        "ratio_ours_to_cleanrl": _timing.ratio(runs, "course_utils.rl.dqn", "CleanRL 1.2.0 dqn.py")}}
    (tmp_path / "dqn.json").write_text(json.dumps(dqn))
    (tmp_path / "games.json").write_text(json.dumps({"machine": "old", "repeat": 3, "rows": []}))
    text = report.render(tmp_path)
    assert "| course_utils.rl.dqn | 4,500 [4,000–5,000] |" in text
    assert "**1.5 [1.33–1.61]**" in text  # per-round ratios 1.33, 1.5, 1.61
    assert "`games.json` predates repeated, interleaved timing: to re-run" in text
    assert "`bench_dp.json` predates" in text  # missing files are flagged the same way
