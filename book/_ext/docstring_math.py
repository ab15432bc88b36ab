"""Dollar math in docstrings, for the API page (book/api.md).

The package's docstrings write math as the notebooks do, ``$...$`` inline and ``$$...$$``
displayed (MyST's dollarmath). autodoc hands docstrings to the reStructuredText parser,
which knows no dollars, and reads ``B_\\varepsilon`` as a link target. This turns them into
``:math:`...``` and ``.. math::`` before the parser sees them.
"""

from __future__ import annotations

import re

_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$`])\$(?!\s)([^$\n`]+?)(?<!\s)\$(?!\$)")


def dollars_to_rst(lines: list[str]) -> list[str]:
    """``$x$`` -> ``:math:`x```, ``$$ y $$`` (one or more lines) -> a ``.. math::`` block.

    >>> dollars_to_rst(["Ball $B_\\\\varepsilon(x)$ and", "$$ y = r + \\\\gamma v $$"])
    ['Ball :math:`B_\\\\varepsilon(x)` and', '', '.. math::', '', '   y = r + \\\\gamma v', '']
    """
    text = "\n".join(lines)

    def display(m: re.Match) -> str:
        body = " ".join(part.strip() for part in m.group(1).strip().splitlines())
        return f"\n\n.. math::\n\n   {body}\n\n"

    text = _DISPLAY.sub(display, text)
    text = _INLINE.sub(lambda m: f":math:`{m.group(1)}`", text)
    out: list[str] = []
    for line in text.split("\n"):  # a display inside a paragraph leaves doubled blanks: keep one
        if line.strip() or not out or out[-1].strip():
            out.append(line if line.strip() else "")
    return out


def _process(app, what, name, obj, options, lines):
    lines[:] = dollars_to_rst(lines)


def setup(app):
    app.connect("autodoc-process-docstring", _process)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
