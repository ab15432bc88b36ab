"""Every notebook and its jupytext twin (notebooks/py/NN_topic.py, percent format) agree.

``jupytext.toml`` pairs them; after editing either side, ``jupytext --sync notebooks/*.ipynb``
brings the other up to date (CONTRIBUTING.md). A pair out of step fails here, naming the
notebook and the command that fixes it.
"""

from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
from jupytext.config import load_jupytext_config  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TWINS = ROOT / "notebooks" / "py"
FIX = "run `jupytext --sync notebooks/*.ipynb` (edit one side, then sync)"


def test_every_notebook_has_a_twin_and_every_twin_a_notebook():
    assert NOTEBOOKS
    assert sorted(p.stem for p in TWINS.glob("*.py")) == [p.stem for p in NOTEBOOKS], FIX


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_twin_is_what_jupytext_writes_for_the_notebook(nb_path):
    config = load_jupytext_config(str(nb_path))
    assert config is not None, "jupytext.toml not found"
    expected = jupytext.writes(jupytext.read(nb_path), fmt="py:percent", config=config)
    twin = TWINS / f"{nb_path.stem}.py"
    assert twin.read_text(encoding="utf-8") == expected, f"{twin.name} is out of step with {nb_path.name}: {FIX}"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_twin_reads_back_as_the_notebooks_cells(nb_path):
    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]

    twin = jupytext.read(TWINS / f"{nb_path.stem}.py")
    assert cells(twin) == cells(jupytext.read(nb_path)), f"{nb_path.name}: {FIX}"
