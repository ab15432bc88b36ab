"""Checks on the notebooks as stored (execution itself is nbval's job: `pytest --nbval-lax notebooks`)."""

import json
import re
from pathlib import Path

import pytest
import yaml

from course_utils.colab import COLAB_CELL, REPOSITORY_URL

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found under notebooks/"


def load(nb_path):
    return json.loads(nb_path.read_text())


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs(nb_path):
    nb = load(nb_path)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{nb_path.name} cell {i} has outputs (run nbstripout)"
            assert cell.get("execution_count") is None, f"{nb_path.name} cell {i} has an execution count"
    widgets = nb.get("metadata", {}).get("widgets")
    assert widgets is None, f"{nb_path.name} stores widget state; strip it"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_colab_cell(nb_path):
    code = [c for c in load(nb_path)["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == COLAB_CELL, (
        f"{nb_path.name}: the first code cell must be course_utils.colab.COLAB_CELL verbatim"
    )
    assert "remove-cell" in code[0]["metadata"].get("tags", []), (
        f"{nb_path.name}: tag the Colab cell 'remove-cell' (it does nothing in the book)"
    )
    # The executed book is checked for "google.colab" (the hidden set-up cell must not show):
    # other cells ask course_utils.colab.on_colab() instead of naming the module.
    for i, cell in enumerate(code[1:], start=1):
        assert "google.colab" not in "".join(cell["source"]), (
            f"{nb_path.name}: code cell {i} names google.colab; use cu.colab.on_colab()"
        )


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_title_goals_exercises_and_checks(nb_path):
    nb = load(nb_path)
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert re.search(r"^# \S", md, re.M), "a level-1 title"
    assert "Learning goals" in md
    assert "**Exercise.**" in md and '<details class="solution">' in md, (
        "exercises with solutions (written in plain_markup.py's forms)")
    assert "## Summary" in md
    assert "assert " in code, "checks on the results it shows (nbval is a real test)"
    assert "ipywidgets" in code or "cu.widgets" in code, "at least one widget"


def test_repository_url_is_set_once_and_matches():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == REPOSITORY_URL


def test_every_notebook_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    for nb_path in NOTEBOOKS:
        assert f"notebooks/{nb_path.stem}" in toc, f"{nb_path.name} missing from _toc.yml"
    listed = re.findall(r"notebooks/(\d\d)_", toc)
    assert listed == sorted(listed), "chapters in lecture order"
