"""Interactive controls for the notebooks (ipywidgets), with errors shown, not raised.

A widget's callback runs a computation and draws; when the reader enters a value the
computation refuses (a ``ValueError`` from the package), the message appears in red
under the controls instead of a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as W
import matplotlib.pyplot as plt
from IPython.display import display

__all__ = ["interactive_figure", "error_html"]


def error_html(message: str) -> W.HTML:
    """A red message box (what the reader sees instead of a traceback)."""
    return W.HTML(f'<div style="color:#b00020;font-weight:bold">⚠ {html.escape(message)}</div>')


def interactive_figure(draw: Callable[..., None], controls: dict[str, W.ValueWidget],
                       columns: int = 3, run: bool = True) -> W.VBox:
    """Controls above an output area; ``draw(**values)`` redraws on every change.

    ``draw`` receives the controls' values as keyword arguments and draws with
    matplotlib (the figure is shown in the output area). ``ValueError`` and
    ``KeyError`` become a visible message.

    >>> import ipywidgets as W
    >>> box = interactive_figure(lambda x: None, {"x": W.IntSlider(value=1)}, run=False)
    >>> len(box.children)
    2
    """
    out = W.Output()

    def update(*_):
        values = {name: c.value for name, c in controls.items()}
        with out:
            out.clear_output(wait=True)
            try:
                draw(**values)
                plt.show()
            except (ValueError, KeyError) as err:
                plt.close("all")
                display(error_html(str(err)))

    for c in controls.values():
        c.observe(update, names="value")
    rows = [W.HBox(list(controls.values())[i:i + columns]) for i in range(0, len(controls), columns)]
    box = W.VBox([W.VBox(rows), out])
    if run:
        update()
    return box
