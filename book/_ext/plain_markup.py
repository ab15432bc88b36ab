"""One source for three renderers: the notebooks' markup, and its translation for the book.

Students open the notebooks in JupyterLab, Colab or classic Jupyter, whose Markdown renderers
know nothing of MyST: a ``{exercise}`` directive shows there as a code block with the full
solution printed under its question, and ``{cite}`` as raw text. So the notebooks are written
in a form that every renderer shows well, and this module rewrites it into MyST when the book
is built (Sphinx ``source-read``), where the book gets numbered exercises, solutions behind a
toggle (or none, in a tutor's build with ``hide_solutions``), and a bibliography.

The plain forms (what an author writes; ``python book/_ext/plain_markup.py FILE`` converts
MyST to them and fills in the citations from ``book/references.bib``):

* an **exercise** starts a line with an anchor and a bold word, and runs to its solution (or
  to the next exercise, heading or the end of the cell)::

      <a id="dp-ex-gamma-one"></a>**Exercise.** Build ... and evaluate ...

* its **solution** follows it, collapsed until the student opens it (JupyterLab, Colab,
  nbconvert and the book's HTML all render ``<details>`` closed)::

      <details class="solution"><summary>Solution</summary>

      "Always right" reaches G in ... $V^\\pi = (-3, -2, -1, 0)$ ...

      </details>

* a **citation** is "(Author, year)" linked to the book's references page; several in one
  pair of parentheses are separated by ``; ``. The notebook's last cell lists the works it
  cites in full (generated from the bibliography; in the book, the references page does)::

      ([Mnih et al., 2015](../book/references.md#mnih2015human))

* an **admonition** is a div with its title (its kind, ``tip`` or ``note``, beside
  ``admonition``), or, when it should stay closed until opened, a ``<details>``::

      <div class="admonition tip"><p class="admonition-title">The Markov property</p>

      ...

      </div>

      <details class="admonition"><summary>Answer key</summary> ... </details>
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIB = ROOT / "book" / "references.bib"
REFERENCES = "../book/references.md"

# ---------------------------------------------------------------------------- plain -> MyST

_EXERCISE = re.compile(r'^<a id="(?P<label>[\w-]+)"></a>\*\*Exercise\.\*\*[ \t]*', re.M)
_SOLUTION = re.compile(
    r'^<details class="solution"><summary>Solution</summary>\n(?P<body>.*?)\n</details>[ \t]*$',
    re.M | re.S)
_ADMONITION = re.compile(
    r'^<div class="admonition(?: (?P<kind>[\w-]+))?"><p class="admonition-title">(?P<title>.*?)</p>\n'
    r'(?P<body>.*?)\n</div>[ \t]*$', re.M | re.S)
_DROPDOWN = re.compile(
    r'^<details class="admonition"><summary>(?P<title>.*?)</summary>\n(?P<body>.*?)\n</details>[ \t]*$',
    re.M | re.S)
WORKS_CITED_OPEN = '<div class="works-cited">'
WORKS_CITED_IN_BOOK = f"Works cited in this chapter are listed on the [references]({REFERENCES}) page."
_WORKS_CITED = re.compile("^" + re.escape(WORKS_CITED_OPEN) + r"\n.*?\n</div>[ \t]*$", re.M | re.S)
_LINK = r'\[(?P<text>[^\]]+)\]\(' + re.escape(REFERENCES) + r'#(?P<key>[\w:.+-]+)\)'
_ONE_LINK = re.compile(_LINK)
_BARE_LINK = r'\[[^\]]+\]\(' + re.escape(REFERENCES) + r'#[\w:.+-]+\)'
_CITATION = re.compile(rf"\((?P<links>{_BARE_LINK}(?:; {_BARE_LINK})*)\)")  # (link; link; ...)
# the end of an exercise's text (outside code fences): its solution, the next exercise, a heading
_EXERCISE_END = re.compile(r'^(?:<details class="solution">|<a id="[\w-]+"></a>\*\*Exercise\.\*\*|#{1,6} )')


def _exercise_end(md: str, start: int) -> int | None:
    """Where the exercise text that begins at ``start`` ends (None: at the end of the cell)."""
    fence = None
    pos = start
    for line in md[start:].splitlines(keepends=True):
        opened = re.match(r"^(`{3,}|~{3,})", line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None and pos > start and _EXERCISE_END.match(line):
            return pos
        pos += len(line)
    return None


def _fence(body: str) -> str:
    """A colon fence longer than any inside ``body`` (directives may nest)."""
    runs = [len(m.group()) for m in re.finditer(r"^:{3,}", body, re.M)]
    return ":" * max([3] + [n + 1 for n in runs])


def _directive(name: str, argument: str, options: dict[str, str], body: str) -> str:
    body = body.strip("\n")
    fence = _fence(body)
    head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head] + [f":{k}: {v}" for k, v in options.items()] + [body, fence]
    return "\n".join(lines)


def to_myst(md: str) -> str:
    """Rewrite one Markdown cell from the plain forms into MyST directives and roles.

    >>> print(to_myst('<a id="ex-a"></a>**Exercise.** Why $x$?\\n\\n'
    ...               '<details class="solution"><summary>Solution</summary>\\n\\n'
    ...               'Because.\\n\\n</details>'))
    :::{exercise}
    :label: ex-a
    Why $x$?
    :::
    <BLANKLINE>
    :::{solution} ex-a
    :class: dropdown
    Because.
    :::
    >>> to_myst('as shown ([A, 2020](../book/references.md#a2020); '
    ...         '[B, 2021](../book/references.md#b2021)).')
    'as shown {cite}`a2020,b2021`.'
    """
    md = _WORKS_CITED.sub(WORKS_CITED_IN_BOOK, md)
    md = _CITATION.sub(lambda m: "{cite}`" + ",".join(
        k.group("key") for k in _ONE_LINK.finditer(m.group("links"))) + "`", md)
    md = _ADMONITION.sub(lambda m: _directive(
        "admonition", m.group("title"), {"class": m.group("kind")} if m.group("kind") else {},
        m.group("body")), md)
    md = _DROPDOWN.sub(lambda m: _directive("admonition", m.group("title"), {"class": "dropdown"},
                                            m.group("body")), md)
    out, pos, label = [], 0, None
    while True:
        ex = _EXERCISE.search(md, pos)
        sol = _SOLUTION.search(md, pos)
        if ex is None and sol is None:
            out.append(md[pos:])
            return "".join(out)
        if sol is None or (ex is not None and ex.start() < sol.start()):
            label = ex.group("label")
            end = _exercise_end(md, ex.end())
            stop = len(md) if end is None else end
            body = md[ex.end():stop].rstrip("\n")
            out.append(md[pos:ex.start()])
            out.append(_directive("exercise", "", {"label": label}, body) + "\n")
            if end is not None:
                out.append("\n")
            pos = stop
        else:
            if label is None:
                raise ValueError("a solution with no exercise before it in the same cell: "
                                 f"{sol.group()[:120]!r}")
            out.append(md[pos:sol.start()])
            out.append(_directive("solution", label, {"class": "dropdown"}, sol.group("body")))
            label, pos = None, sol.end()


def notebook_to_myst(text: str) -> str:
    """A notebook's JSON text with every Markdown cell passed through :func:`to_myst`."""
    nb = json.loads(text)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = to_myst(source)
    return json.dumps(nb, ensure_ascii=False)


def _source_read(app, docname, source):
    if str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = notebook_to_myst(source[0])


def setup(app):
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ---------------------------------------------------------------------------- citations

@lru_cache(maxsize=4)
def bibliography(path: Path = BIB) -> dict[str, tuple[str, str]]:
    """key -> (label, reference): "Mnih et al., 2015" and the entry as the book prints it."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin
    from pybtex.richtext import Text

    data = parse_file(str(path))
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    refs = {e.key: e.text.render_as("text") for e in style.format_entries(data.entries.values())}
    out = {}
    for key, entry in data.entries.items():
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [Text(" ").join([*p.rich_prelast_names, *p.rich_last_names]).render_as("text")
                 for p in persons]  # LaTeX accents decoded: Kynkäänniemi
        if not names:
            raise ValueError(f"{path.name}: entry {key!r} has no author or editor")
        who = (names[0] if len(names) == 1
               else f"{names[0]} and {names[1]}" if len(names) == 2 and names[1] != "others"
               else f"{names[0]} et al.")
        out[key] = (f"{who}, {entry.fields['year']}", refs[key])
    return out


def cite_link(key: str) -> str:
    """The plain form of one citation's link (without the parentheses around it).

    >>> cite_link("mnih2015human")
    '[Mnih et al., 2015](../book/references.md#mnih2015human)'
    """
    bib = bibliography()
    if key not in bib:
        raise ValueError(f"no entry {key!r} in {BIB.relative_to(ROOT)}")
    return f"[{bib[key][0]}]({REFERENCES}#{key})"


def citation(keys: list[str]) -> str:
    """``(link; link)``: the plain form of ``{cite}`a,b```."""
    return "(" + "; ".join(cite_link(k) for k in keys) + ")"


def cited_keys(markdown: list[str]) -> list[str]:
    """The keys the plain citations in these cells name, in order of first appearance."""
    keys: dict[str, None] = {}
    for md in markdown:
        for m in _CITATION.finditer(md):
            for link in _ONE_LINK.finditer(m.group("links")):
                keys.setdefault(link.group("key"))
    return list(keys)


def _escape(text: str) -> str:
    """Markdown-safe text; URLs become autolinks (escaping their ``_`` would break them)."""
    parts = re.split(r"(https?://\S+?)(?=[.,;]?(?:\s|$))", text)
    return "".join(f"<{part}>" if i % 2 else re.sub(r"([\\`*_\[\]<>])", r"\\\1", part)
                   for i, part in enumerate(parts))


def works_cited(keys: list[str]) -> str:
    """The list that ends a notebook: each cited work in full, for renderers without the book."""
    bib = bibliography()
    items = "\n".join(f"* {_escape(bib[k][1])}" for k in sorted(keys, key=lambda k: bib[k][0]))
    return (f'{WORKS_CITED_OPEN}\n\n**Works cited in this chapter** (all works: the '
            f"[references]({REFERENCES}) page of the book)\n\n{items}\n\n</div>")


# ---------------------------------------------------------------------------- MyST -> plain

_MYST_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
_MYST_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>exercise|solution|admonition)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


def from_myst(md: str) -> str:
    """Rewrite MyST exercises, solutions, admonitions and citations into the plain forms."""
    def block(m):
        options = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", m.group("options"), re.M))
        body = m.group("body").strip("\n")
        if m.group("name") == "exercise":
            if "label" not in options:
                raise ValueError(f"an exercise without :label: {m.group()[:120]!r}")
            return f'<a id="{options["label"]}"></a>**Exercise.** {body}'
        if m.group("name") == "solution":
            return f'<details class="solution"><summary>Solution</summary>\n\n{body}\n\n</details>'
        title, kind = m.group("arg").strip(), options.get("class", "")
        if kind == "dropdown":
            return f'<details class="admonition"><summary>{title}</summary>\n\n{body}\n\n</details>'
        cls = f"admonition {kind}".strip()
        return f'<div class="{cls}"><p class="admonition-title">{title}</p>\n\n{body}\n\n</div>'

    md = _MYST_BLOCK.sub(block, md)
    return _MYST_CITE.sub(lambda m: citation([k.strip() for k in m.group(1).split(",")]), md)


def plain_cells(cells: list[str]) -> list[str]:
    """Markdown cells in the plain forms, the last one citing ending with its works-cited list.

    MyST blocks and roles are rewritten (:func:`from_myst`), citation labels are taken from
    the bibliography, and the list of works cited is rebuilt where it stands (or where the
    sentence :data:`WORKS_CITED_IN_BOOK` stands).
    """
    cells = [from_myst(md) for md in cells]
    cells = [_CITATION.sub(lambda m: citation(
        [k.group("key") for k in _ONE_LINK.finditer(m.group("links"))]), md) for md in cells]
    keys = cited_keys(cells)
    at = [i for i, md in enumerate(cells) if _WORKS_CITED.search(md) or WORKS_CITED_IN_BOOK in md]
    if keys and not at:
        raise ValueError("a notebook that cites needs a works-cited list (or the sentence "
                         f"{WORKS_CITED_IN_BOOK!r}) in its last cell")
    for i in at:
        block = works_cited(keys) if keys else WORKS_CITED_IN_BOOK
        md = _WORKS_CITED.sub(lambda m, b=block: b, cells[i])
        cells[i] = md.replace(WORKS_CITED_IN_BOOK, block) if block not in md else md
    return cells


def convert_notebook(path: Path, write: bool = True) -> bool:
    """Put an ``.ipynb``'s Markdown cells into the plain forms; True if anything changed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    old = ["".join(c["source"]) for c in markdown]
    new = plain_cells(old)
    if new == old:
        return False
    if write:
        for cell, md in zip(markdown, new):
            cell["source"] = md.splitlines(keepends=True)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: plain_markup.py NOTEBOOK.ipynb ... (MyST -> plain forms, in place; "
                 "then `jupytext --sync` the notebook)\n"
                 "       plain_markup.py --cite KEY[,KEY...] (print a citation's plain form)")
    if sys.argv[1] == "--cite":
        print(citation(sys.argv[2].split(",")))
    else:
        for name in sys.argv[1:]:
            print(name, "converted" if convert_notebook(Path(name)) else "unchanged")
