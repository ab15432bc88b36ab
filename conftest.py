"""Root pytest hooks: they apply to the notebooks (nbval) as well as to tests/.

nbval waits ``--nbval-cell-timeout`` seconds for a cell's ``execute_reply``; when none
comes it interrupts the kernel and, if the kernel then reports idle, lets the cell
*pass* and marks the notebook's later cells as expected failures: a lost request turns a
CI run green. Here a cell whose reply never came fails, naming the notebook and the
cell (tests/test_execution.py proves it with a kernel that swallows a request).
"""

from __future__ import annotations

import pytest

# The notebooks' jupytext twins (notebooks/py/*.py) are the notebooks as text, not modules:
# --doctest-modules would import (run) them. nbval runs the .ipynb.
collect_ignore_glob = ["notebooks/py/*"]


def _nbval_timed_out(item) -> bool | None:
    parent = getattr(item, "parent", None)
    if type(item).__name__ != "IPyNbCell" or parent is None:
        return None
    return bool(getattr(parent, "timed_out", False))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    before = _nbval_timed_out(item)
    outcome = yield
    if before is False and _nbval_timed_out(item) and outcome.excinfo is None:
        timeout = item.config.getoption("nbval_cell_timeout")
        source = item.cell.source.strip().splitlines()
        first = source[0] if source else ""
        outcome.force_exception(pytest.fail.Exception(
            f"{item.parent.path.name}, cell {item.cell_num}: no execute_reply within "
            f"{timeout} s (the request was lost or the cell hung); the kernel was "
            f"interrupted. Cell begins: {first[:80]!r}", pytrace=False))
