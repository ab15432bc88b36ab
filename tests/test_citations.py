"""Citations and the bibliography agree, without building the book.

Every ``{cite}`` role in a page of the book (the chapters' markdown cells and the pages under
``book/``, as listed in ``_toc.yml``) names an entry of ``book/references.bib``, and every
entry there is cited somewhere. The references page shows only cited entries (its
``{bibliography}`` directive has no ``:all:``), so an uncited entry would silently vanish
from the book; this test says which one instead.

Roles understood: ``{cite}`` and its variants ``{cite:p}``, ``{cite:t}``, ``{cite:ps}``, ...,
each with one key or several separated by commas.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import plain_markup  # noqa: E402

sys.path.pop(0)
BIB = ROOT / "book" / "references.bib"
REFERENCES_PAGE = ROOT / "book" / "references.md"

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)


def toc_pages() -> list[Path]:
    """The files the book is built from: the root and every ``file:`` of ``_toc.yml``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    pages = []
    for name in names:
        found = [p for p in (ROOT / f"{name}.md", ROOT / f"{name}.ipynb") if p.exists()]
        assert found, f"_toc.yml lists {name!r}, which is neither a .md nor an .ipynb file"
        pages.append(found[0])
    return pages


def markdown_of(page: Path) -> str:
    """The text MyST renders: a page's markdown, or a notebook's markdown cells as the book
    reads them (their plain citations rewritten into ``{cite}`` roles by plain_markup.py)."""
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text())["cells"]
        return "\n".join(plain_markup.to_myst("".join(c["source"]))
                         for c in cells if c["cell_type"] == "markdown")
    return page.read_text()


def citations() -> dict[str, set[str]]:
    """key -> the pages (relative paths) that cite it."""
    cited: dict[str, set[str]] = {}
    for page in toc_pages():
        for match in CITE.finditer(markdown_of(page)):
            for key in match.group(1).split(","):
                cited.setdefault(key.strip(), set()).add(str(page.relative_to(ROOT)))
    return cited


def bib_keys() -> list[str]:
    special = ("comment", "string", "preamble")
    return [key for kind, key in ENTRY.findall(BIB.read_text()) if kind.lower() not in special]


def test_the_role_pattern_reads_the_forms_in_use():
    text = "{cite}`a` and {cite}`b,c` and {cite:p}`d, e` and {cite:t}`f`"
    keys = [k.strip() for m in CITE.finditer(text) for k in m.group(1).split(",")]
    assert keys == ["a", "b", "c", "d", "e", "f"]


def test_the_book_cites_something_and_the_bib_has_entries():
    assert citations(), "no {cite} role found in the pages of _toc.yml"
    assert bib_keys(), f"no entry found in {BIB}"


def test_no_empty_keys():
    assert "" not in citations(), "a {cite} role with an empty key (a stray comma?)"


def test_bib_keys_are_unique():
    duplicates = [key for key, n in Counter(bib_keys()).items() if n > 1]
    assert not duplicates, f"duplicate entries in references.bib: {duplicates}"


def test_every_cited_key_has_an_entry():
    keys = set(bib_keys())
    missing = {key: sorted(pages) for key, pages in citations().items() if key not in keys}
    assert not missing, f"cited but not in book/references.bib: {missing}"


def test_every_entry_is_cited():
    cited = citations()
    uncited = [key for key in bib_keys() if key not in cited]
    assert not uncited, (
        f"entries of book/references.bib that no page cites (cite them or remove them): {uncited}"
    )


def test_references_page_lists_the_cited_entries_only():
    text = REFERENCES_PAGE.read_text()
    assert re.search(r"```\{bibliography\}", text), "book/references.md has no bibliography"
    assert ":all:" not in text, "the references page should list cited entries only (no :all:)"


def test_bib_parses():
    pybtex = pytest.importorskip("pybtex.database")
    data = pybtex.parse_file(str(BIB))
    assert set(data.entries) == set(bib_keys())
