import os

import numpy as np
import pytest
import torch

import course_utils as cu


def test_set_seed_makes_python_numpy_torch_repeatable():
    import random

    cu.set_seed(123)
    first = (random.random(), np.random.rand(), torch.rand(3))
    cu.set_seed(123)
    second = (random.random(), np.random.rand(), torch.rand(3))
    assert first[0] == second[0] and first[1] == second[1]
    assert torch.equal(first[2], second[2])
    cu.set_seed(124)
    assert np.random.rand() != second[1]


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None, True, 2**32, 2**70])
def test_set_seed_rejects_bad_seed(bad):
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 2\*\*32\)"):
        cu.set_seed(bad)


def test_get_device_on_cpu_machine():
    dev = cu.get_device()
    assert isinstance(dev, torch.device)
    expected = "cuda" if torch.cuda.is_available() else ("mps" if torch.backends.mps.is_available() else "cpu")
    assert dev.type == expected
    assert cu.get_device("cpu") == torch.device("cpu")
    with pytest.raises(ValueError, match="prefer must be"):
        cu.get_device("tpu")


@pytest.mark.parametrize("value, expected", [("", "standard"), ("smoke", "smoke"), ("FULL", "full"),
                                             (" standard ", "standard")])
def test_budget_reads_environment(monkeypatch, value, expected):
    monkeypatch.setenv("COURSE_BUDGET", value)
    assert cu.budget() == expected


def test_budget_default_and_unknown(monkeypatch):
    monkeypatch.delenv("COURSE_BUDGET", raising=False)
    assert cu.budget() == "standard"
    monkeypatch.setenv("COURSE_BUDGET", "huge")
    with pytest.raises(ValueError, match="COURSE_BUDGET must be one of smoke, standard, full, got 'huge'"):
        cu.budget()


def test_by_budget(monkeypatch):
    monkeypatch.setenv("COURSE_BUDGET", "full")
    assert cu.by_budget(1, 2, 3) == 3
    assert cu.by_budget(1, 2) == 2  # full falls back to standard
    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    assert cu.by_budget(1, 2, 3) == 1


def test_lazy_submodules_and_unknown_attribute():
    assert cu.mdp.MDP is not None
    assert "dp" in dir(cu)
    with pytest.raises(AttributeError):
        cu.no_such_module  # noqa: B018


def test_free_cores_from_system_load(monkeypatch):
    import psutil

    from course_utils import threads

    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    for busy, free in [(0.0, 2), (50.0, 1), (100.0, 1), (20.0, 2)]:
        monkeypatch.setattr(psutil, "cpu_percent", lambda interval, busy=busy: busy)
        assert threads.free_cores() == free
    with pytest.raises(ValueError, match="interval must be > 0 seconds, got 0"):
        threads.free_cores(0)


def test_use_free_cores_sets_torch_and_blas(monkeypatch):
    import torch
    from threadpoolctl import threadpool_info

    from course_utils import threads

    before = torch.get_num_threads()
    monkeypatch.delenv("COURSE_THREADS", raising=False)
    try:
        monkeypatch.setattr(threads, "free_cores", lambda: 2)
        assert threads.use_free_cores() == 2 and torch.get_num_threads() == 2
        assert threads.use_free_cores(max_threads=1) == 1 and torch.get_num_threads() == 1
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
        monkeypatch.setenv("COURSE_THREADS", "2")
        assert threads.use_free_cores(max_threads=1) == 2  # the explicit setting wins
        monkeypatch.setattr(threads, "free_cores", lambda: 1)
        with pytest.warns(RuntimeWarning, match="COURSE_THREADS=2 but only 1 core"):
            assert threads.use_free_cores() == 2  # obeyed, with a warning: oversubscribed
        monkeypatch.setenv("COURSE_THREADS", "two")
        with pytest.raises(ValueError, match="COURSE_THREADS must be a positive integer, got 'two'"):
            threads.use_free_cores()
        with pytest.raises(ValueError, match="max_threads must be a positive integer or None, got 0"):
            threads.use_free_cores(max_threads=0)
    finally:
        torch.set_num_threads(before)
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=before)


def test_passive_wait_only_when_the_threads_outnumber_the_free_cores(monkeypatch):
    from course_utils import threads

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.setattr(threads, "free_cores", lambda: 1)
    monkeypatch.delenv("COURSE_THREADS", raising=False)
    assert not threads.passive_wait_if_oversubscribed(4)  # no COURSE_THREADS: the rule picks 1 each
    monkeypatch.setenv("COURSE_THREADS", "1")
    assert not threads.passive_wait_if_oversubscribed(1) and "OMP_WAIT_POLICY" not in os.environ
    monkeypatch.setattr(threads, "free_cores", lambda: 2)
    assert not threads.passive_wait_if_oversubscribed(2)  # 2 x 1 threads on 2 free cores
    monkeypatch.setenv("COURSE_THREADS", "2")
    assert not threads.passive_wait_if_oversubscribed(1)
    assert threads.passive_wait_if_oversubscribed(2) and os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")  # a setting of the user's own is kept
    assert not threads.passive_wait_if_oversubscribed(4) and os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
    with pytest.raises(ValueError, match="processes must be a positive integer, got 0"):
        threads.passive_wait_if_oversubscribed(0)
