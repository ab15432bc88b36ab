"""The book's Sphinx extension (book/_ext/course_book.py), unit by unit."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import course_book  # noqa: E402
import execute_book  # noqa: E402

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
    assert (tmp_path / "_build" / ".jupyter_cache.budget").read_text().split()[0] == "standard"
    monkeypatch.delenv("COURSE_BUDGET")
    cache.mkdir()
    course_book._cache_for_this_budget(_app(cache))  # unset means standard, as cu.budget()
    assert cache.exists()
    monkeypatch.setenv("COURSE_BUDGET", " STANDARD ")
    course_book._cache_for_this_budget(_app(cache))  # read as cu.budget() reads it: the same budget
    assert cache.exists()


def test_notebook_cache_is_dropped_when_the_package_changes(tmp_path, monkeypatch):
    """Outputs come from course_utils too: a changed module means the cache is stale."""
    for folder in course_book.INPUTS:
        (tmp_path / folder).mkdir()
    module = tmp_path / "course_utils" / "plots.py"
    module.write_text("WIDTH = 300\n")
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    course_book.drop_stale_cache(cache, root=tmp_path)  # no stamp: dropped, stamp written
    cache.mkdir()
    course_book.drop_stale_cache(cache, root=tmp_path)  # nothing changed: kept
    assert cache.exists()
    (tmp_path / "course_utils" / "__pycache__").mkdir()
    (tmp_path / "course_utils" / "__pycache__" / "plots.pyc").write_bytes(b"compiled")
    course_book.drop_stale_cache(cache, root=tmp_path)  # byte code is not a change
    assert cache.exists()
    module.write_text("WIDTH = 'auto'\n")
    course_book.drop_stale_cache(cache, root=tmp_path)
    assert not cache.exists()
    cache.mkdir()
    (tmp_path / "exercises" / "new.yaml").write_text("kind: tabular\n")  # a tutor's new exercise
    course_book.drop_stale_cache(cache, root=tmp_path)
    assert not cache.exists()


def _tiny_book(root: Path, cells: dict[str, str]) -> None:
    import nbformat

    (root / "_config.yml").write_text("execute:\n  timeout: 60\n")
    names = list(cells)
    chapters = "".join(f"  - file: {n}\n" for n in names[1:])
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: {names[0]}\nparts:\n- chapters:\n{chapters}")
    for name, source in cells.items():
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(source)]
        nbformat.write(nb, root / f"{name}.ipynb")


def test_execute_book_fills_the_cache_in_parallel_and_reuses_it(tmp_path, capsys, monkeypatch):
    from jupyter_cache import get_cache

    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    # six notebooks, three at a time: they finish close together, as chapters do at the end of a
    # build (two parallel workers committing into the one SQLite file once lost a record here)
    cells = {f"nb{i}": f"import os, time; time.sleep({0.2 * (i % 3)}); here{i} = os.getcwd()" for i in range(6)}
    _tiny_book(tmp_path, cells)
    cache_path = tmp_path / "_build" / ".jupyter_cache"
    assert execute_book.execute(3, root=tmp_path, cache_path=cache_path) == 0
    cache = get_cache(str(cache_path))
    records = cache.list_cache_records()
    assert sorted(Path(r.uri).name for r in records) == sorted(f"{n}.ipynb" for n in cells)
    executed = cache.get_cache_bundle(cache.get_cached_project_nb(str(tmp_path / "nb1.ipynb")).pk).nb
    assert executed.cells[0].execution_count == 1  # the executed notebook, not the source
    recorded = execute_book.expected_seconds(tmp_path)  # the times of this run, for the next
    assert set(recorded) == {f"{n}.ipynb" for n in cells} and all(v > 0 for v in recorded.values())
    assert execute_book.execute(2, root=tmp_path, cache_path=cache_path) == 0
    assert "every notebook is in the cache" in capsys.readouterr().out


def test_execute_book_names_the_failing_notebook(tmp_path, capsys, monkeypatch):

    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    _tiny_book(tmp_path, {"good": "x = 1", "bad": "raise ValueError('the bad cell')",
                          "later": "y = 2", "last": "z = 3"})
    assert execute_book.execute(1, root=tmp_path, cache_path=tmp_path / "_build" / ".jc") == 1
    captured = capsys.readouterr()
    assert "bad.ipynb failed" in captured.err and "the bad cell" in captured.err
    assert captured.out.count(" ok ") < 3  # after the failure, no further notebook starts
    assert "starting it once more" not in captured.out  # a failing cell is not run again


def test_execute_book_starts_a_kernel_that_died_at_start_up_once_more(tmp_path, capfd, monkeypatch):
    import json
    import sys

    from jupyter_cache import get_cache

    # a kernel that exits at its first launch (as one whose port was taken), then works
    spec = tmp_path / "jupyter" / "kernels" / "flaky"
    spec.mkdir(parents=True)
    marker, wrapper = tmp_path / "launched-once", tmp_path / "flaky_kernel.py"
    wrapper.write_text(f"import pathlib, runpy, sys\nm = pathlib.Path({str(marker)!r})\n"
                       "if not m.exists():\n    m.touch(); sys.exit('port taken (simulated)')\n"
                       "sys.argv = ['ipykernel_launcher', *sys.argv[1:]]\n"
                       "runpy.run_module('ipykernel_launcher', run_name='__main__')\n")
    (spec / "kernel.json").write_text(json.dumps({"argv": [sys.executable, str(wrapper), "-f", "{connection_file}"],
                                                  "display_name": "flaky", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("COURSE_BUDGET", "smoke")
    _tiny_book(tmp_path, {"a": "x = 1", "b": "y = 2"})
    nb = tmp_path / "a.ipynb"
    data = json.loads(nb.read_text())
    data["metadata"]["kernelspec"] = {"name": "flaky", "display_name": "flaky", "language": "python"}
    nb.write_text(json.dumps(data))
    cache_path = tmp_path / "_build" / ".jc"
    assert execute_book.execute(1, root=tmp_path, cache_path=cache_path) == 0
    assert marker.exists() and "a.ipynb: the kernel did not start; starting it once more" in capfd.readouterr().out
    assert len(get_cache(str(cache_path)).list_cache_records()) == 2


def test_execute_book_rejects_bad_jobs(monkeypatch):
    import pytest

    monkeypatch.delenv("BOOK_JOBS", raising=False)
    monkeypatch.setattr(execute_book.os, "cpu_count", lambda: 2)
    monkeypatch.setenv("COURSE_THREADS", "2")
    assert execute_book.default_jobs() == 1  # two kernels of two threads would oversubscribe 2 cores
    monkeypatch.delenv("COURSE_THREADS")
    assert execute_book.default_jobs() == 2
    monkeypatch.setenv("BOOK_JOBS", "many")
    with pytest.raises(ValueError, match="BOOK_JOBS must be a positive integer, got 'many'"):
        execute_book.default_jobs()
    with pytest.raises(ValueError, match="jobs must be >= 1, got 0"):
        execute_book.execute(0)


def test_the_shipped_times_name_every_chapter():
    # only an order for the workers, but a chapter missing from it would start last
    import json

    times = json.loads((ROOT / "book" / "_ext" / "notebook_seconds.json").read_text())
    assert {p.name for p in execute_book.toc_notebooks()} == set(times)
