"""The Colab path: the set-up cell, the teacher's set-url tool, and the widgets under Colab's ipywidgets 7.7."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import colab

ROOT = Path(__file__).resolve().parents[1]


def test_the_cell_does_nothing_outside_colab(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(colab.COLAB_CELL, {})  # noqa: S102 - the cell itself, as a notebook runs it
    assert Path.cwd() == tmp_path


def test_on_colab_an_unreachable_repository_stops_the_cell_with_its_url(tmp_path):
    if os.path.exists("/content/rl-gan-course"):
        pytest.skip("a Colab-like machine: /content/rl-gan-course exists")
    url = "https://127.0.0.1:9/nobody/no-course"  # refused at once, no network needed
    code = ("import sys, types; sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
            + colab.colab_cell(url))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert f"RuntimeError: Colab set-up: could not clone {url}:" in run.stderr
    assert not os.path.exists("/content/rl-gan-course")


def copy_of_the_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "course_utils").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copy(ROOT / "course_utils" / "colab.py", root / "course_utils" / "colab.py")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


def test_set_url_points_the_book_the_cell_and_every_notebook_at_a_fork(tmp_path):
    root = copy_of_the_course(tmp_path)
    fork = "https://github.com/a-teacher/rl-gan-course"
    changed = colab.set_url(fork + ".git", root)
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(changed) == 2 + 2 * len(notebooks)  # _config.yml, colab.py, each notebook and its pair
    assert f"  url: {fork}\n" in (root / "_config.yml").read_text()
    assert f'REPOSITORY_URL = "{fork}"' in (root / "course_utils" / "colab.py").read_text()
    for nb in notebooks:
        first = next(c for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code")
        assert "".join(first["source"]) == colab.colab_cell(fork), nb.name
        assert colab.colab_cell(fork) in (nb.parent / "py" / f"{nb.stem}.py").read_text(), nb.name
    assert colab.REPOSITORY_URL not in "".join(p.read_text() for p in changed)


def test_set_url_refuses_bad_urls_and_changed_cells(tmp_path):
    root = copy_of_the_course(tmp_path)
    with pytest.raises(ValueError, match="url must be an https:// URL without spaces or quotes, got 'git@x:y'"):
        colab.set_url("git@x:y", root)
    nb = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))[0]
    data = json.loads(nb.read_text())
    next(c for c in data["cells"] if c["cell_type"] == "code")["source"] = ["print('edited')\n"]
    nb.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=f"{nb.name}: its first code cell is not the current COLAB_CELL"):
        colab.set_url("https://github.com/a-teacher/rl-gan-course", root)


WIDGET_TESTS = ["tests/test_plotting_widgets.py", "tests/test_game_plots.py", "tests/test_grid_editor.py",
                "tests/test_exercises.py", "tests/test_progress.py",
                "tests/test_gan.py::test_playground_steps_and_resets_without_raising",
                "tests/test_gan.py::test_stop_pauses_a_play_control_in_either_ipywidgets",
                "tests/test_dcgan.py::test_quiz_scores_the_reader"]


def test_the_widget_tests_pass_with_colabs_ipywidgets_7_7(tmp_path):
    """Colab ships ipywidgets 7.7.1 and the Colab cell keeps it: every widget must work with it."""
    target = tmp_path / "ipywidgets7"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                          "ipywidgets==7.7.1", "ipython_genutils==0.2.0"], capture_output=True, text=True)
    if pip.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"could not fetch ipywidgets 7.7.1 from the package index: {pip.stderr[-500:]}")
        pytest.skip("no package index reachable for ipywidgets 7.7.1")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")]),
           "COURSE_BUDGET": "smoke"}
    version = subprocess.run([sys.executable, "-c", "import ipywidgets; print(ipywidgets.__version__)"],
                             env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert version == "7.7.1"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W",
                          "ignore::DeprecationWarning", *WIDGET_TESTS], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
