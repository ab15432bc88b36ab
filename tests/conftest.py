"""Shared fixtures. Tests run under COURSE_BUDGET=smoke (set by `make test`)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # no display in CI

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def smoke_budget(monkeypatch):
    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    return "smoke"


def pytest_configure(config):
    os.environ.setdefault("COURSE_BUDGET", "smoke")
    # One torch thread per test process: `make test` runs two xdist workers on a 2-core
    # machine, and the course's small networks run fastest single-threaded (two threads
    # per worker mostly wait for each other).
    import torch

    torch.set_num_threads(1)
