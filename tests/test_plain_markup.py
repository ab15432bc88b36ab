"""The notebooks read well outside the book, and the book still gets MyST (book/_ext/plain_markup.py).

Students open the notebooks in JupyterLab, Colab or classic Jupyter. Their Markdown renderers
are plain CommonMark (with raw HTML and MathJax): nbconvert's Markdown-to-HTML is the one
these tests render with. In the book the same cells become ``{exercise}``, ``{solution}``,
``{admonition}`` directives and ``{cite}`` roles.
"""

from __future__ import annotations

import copy
import doctest
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import plain_markup as pm  # noqa: E402

sys.path.pop(0)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RAW_MYST = ("{exercise}", "{solution}", "{cite}", "{admonition}", "{cite:")


def markdown_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_examples_in_the_module_docstrings():
    assert doctest.testmod(pm).failed == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_in_the_plain_forms(path):
    """No MyST left, citation labels as the bibliography gives them, works-cited list current:
    the converter would change nothing (run `python book/_ext/plain_markup.py NB.ipynb`)."""
    assert not pm.convert_notebook(path, write=False), (
        f"{path.name} is not in the plain forms: run `python book/_ext/plain_markup.py "
        f"{path.relative_to(ROOT)}` and `jupytext --sync` it")


@pytest.fixture(scope="module")
def rendered() -> dict[str, object]:
    """Each notebook's Markdown cells as nbconvert's plain HTML exporter renders them."""
    from bs4 import BeautifulSoup
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return {p.name: BeautifulSoup("\n".join(markdown2html_mistune(md) for md in markdown_cells(p)),
                                  "html.parser") for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_plain_renderer_shows_no_myst_and_hides_solutions(path, rendered):
    soup = copy.copy(rendered[path.name])  # solutions are cut out of it below
    text = soup.get_text()
    for raw in RAW_MYST:
        assert raw not in text, f"{path.name}: {raw} shows as raw text in a plain renderer"
    exercises = soup.find_all("a", id=True)
    exercises = [a for a in exercises if a.find_next("strong") and
                 a.find_next("strong").get_text() == "Exercise."]
    solutions = soup.find_all("details", class_="solution")
    assert len(exercises) >= 3 and len(solutions) >= 3, path.name
    for details in soup.find_all("details"):
        assert not details.has_attr("open"), f"{path.name}: a <details> rendered open"
        assert details.summary is not None, f"{path.name}: a <details> without its summary"
    # no solution text outside its closed <details>
    for details in solutions:
        words = " ".join(details.get_text(" ").split()[1:12])  # after "Solution"
        assert words, f"{path.name}: an empty solution"
        details.extract()
    visible = " ".join(soup.get_text(" ").split())
    for details in solutions:
        words = " ".join(details.get_text(" ").split()[1:12])
        assert words not in visible, f"{path.name}: solution text visible without opening: {words!r}"
    for link in soup.find_all("a", href=re.compile(r"references\.md#")):
        key = link["href"].split("#", 1)[1]
        assert link.get_text() == pm.bibliography()[key][0], f"{path.name}: citation {key}"


def test_math_inside_solutions_reaches_mathjax_untouched(rendered):
    """MathJax typesets what the Markdown renderer leaves: ``$...$`` in a solution survives."""
    solution = rendered["02_bellman_dp.ipynb"].find("details", class_="solution")
    assert "$0 + 0.9 \\cdot 24.4 = 21.96 \\approx 22.0$" in solution.get_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_book_reads_numbered_exercises_solutions_and_citations(path):
    cells = markdown_cells(path)
    plain = "\n".join(cells)
    myst = "\n".join(pm.to_myst(md) for md in cells)
    labels = re.findall(r'<a id="([\w-]+)"></a>\*\*Exercise\.\*\*', plain)
    assert re.findall(r"^:{3,}\{exercise\}\n:label: ([\w-]+)$", myst, re.M) == labels
    solved = re.findall(r"^:{3,}\{solution\} ([\w-]+)\n:class: dropdown$", myst, re.M)
    assert solved and set(solved) <= set(labels) and len(set(solved)) == len(solved)
    assert len(solved) == plain.count('<details class="solution">')
    keys = {k for m in re.finditer(r"\{cite\}`([^`]*)`", myst) for k in m.group(1).split(",")}
    assert keys == set(pm.cited_keys(cells)) and keys <= set(pm.bibliography())
    assert "works-cited" not in myst and pm.WORKS_CITED_IN_BOOK in myst
    for raw in ("<details", "**Exercise.**", "](../book/references.md#"):
        assert raw not in myst, f"{path.name}: {raw} left for the book"


def test_exercise_text_runs_past_code_comments_to_its_solution():
    md = ('<a id="ex-x"></a>**Exercise.** Run\n\n```python\n# a comment, not a heading\nx = 1\n```\n\n'
          'and explain.\n\n<details class="solution"><summary>Solution</summary>\n\nIt is 1.\n\n'
          '</details>\n\n## Next section')
    myst = pm.to_myst(md)
    exercise = myst.split(":::{solution}")[0]
    assert "# a comment" in exercise and "and explain." in exercise
    assert myst.rstrip().endswith("## Next section")


def test_fences_grow_around_nested_directives():
    myst = pm.to_myst('<details class="admonition"><summary>Key</summary>\n\n:::{note}\nx\n:::\n\n'
                      "</details>")
    assert myst.startswith("::::{admonition} Key\n:class: dropdown\n") and myst.endswith("\n::::")


def test_mistakes_in_the_plain_forms_are_named():
    with pytest.raises(ValueError, match="no exercise before it"):
        pm.to_myst('<details class="solution"><summary>Solution</summary>\n\nx\n\n</details>')
    with pytest.raises(ValueError, match="no entry 'nobody2020'"):
        pm.cite_link("nobody2020")
    with pytest.raises(ValueError, match="works-cited list"):
        pm.plain_cells(["A claim ([Mnih et al., 2015](../book/references.md#mnih2015human))."])


def test_myst_written_by_habit_converts_to_the_plain_forms():
    """An author may write MyST: the converter turns it into the plain forms and back."""
    myst = ("```{exercise}\n:label: ex-y\nWhy? {cite}`mnih2015human`\n```\n\n"
            "````{solution} ex-y\n:class: dropdown\n```python\nprint(1)\n```\n````\n\n"
            "```{admonition} Note\n:class: tip\nText.\n```\n\n" + pm.WORKS_CITED_IN_BOOK)
    plain = pm.plain_cells([myst])[0]
    assert '<a id="ex-y"></a>**Exercise.** Why? ([Mnih et al., 2015]' in plain
    assert '<details class="solution"><summary>Solution</summary>\n\n```python' in plain
    assert '<div class="admonition tip"><p class="admonition-title">Note</p>' in plain
    assert "* Volodymyr Mnih, Koray Kavukcuoglu" in plain
    back = pm.to_myst(plain)
    assert ":label: ex-y" in back and "{cite}`mnih2015human`" in back and ":class: tip" in back
