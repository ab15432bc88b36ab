"""Shared fixtures. Tests run under COURSE_BUDGET=smoke (set by `make test`)."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Playwright (the book's and JupyterLab's browser tests)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (.ci/run installs the Debian package)")
        pytest.skip("Chromium not installed (apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            "--disable-component-update", "--disable-sync", "--disable-quic"])
        yield b
        b.close()


def pytest_configure(config):
    os.environ.setdefault("COURSE_BUDGET", "smoke")
    # COURSE_THREADS=2 with two workers on 2 cores: OpenMP threads that wait passively (the
    # workers and their notebook kernels inherit it; see course_utils.threads).
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # the controller, before it starts workers
        from course_utils.threads import passive_wait_if_oversubscribed

        passive_wait_if_oversubscribed(max(1, int(getattr(config.option, "numprocesses", None) or 1)))
    # One torch thread per test process: `make test` runs two xdist workers on a 2-core
    # machine, and the course's small networks run fastest single-threaded (two threads
    # per worker mostly wait for each other).
    import torch

    torch.set_num_threads(1)
