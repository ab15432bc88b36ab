"""The book's Sphinx extension (book/_ext/course_book.py), unit by unit."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import course_book  # noqa: E402

sys.path.pop(0)


def _app(cache: Path):
    return SimpleNamespace(env=SimpleNamespace(mystnb_config=SimpleNamespace(
        execution_cache_path=str(cache))))


def test_notebook_cache_is_dropped_when_the_budget_changes(tmp_path, monkeypatch):
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    (cache / "entry").write_text("executed under smoke")
    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    course_book._cache_for_this_budget(_app(cache))  # no stamp yet: unknown budget, dropped
    assert not cache.exists()
    cache.mkdir()
    (cache / "entry").write_text("executed under smoke")
    course_book._cache_for_this_budget(_app(cache))  # same budget: kept
    assert (cache / "entry").exists()
    monkeypatch.setenv("COURSE_BUDGET", "standard")
    course_book._cache_for_this_budget(_app(cache))  # other budget: dropped
    assert not cache.exists()
    assert (tmp_path / "_build" / ".jupyter_cache.budget").read_text().strip() == "standard"
    monkeypatch.delenv("COURSE_BUDGET")
    cache.mkdir()
    course_book._cache_for_this_budget(_app(cache))  # unset means standard, as cu.budget()
    assert cache.exists()
