"""Interactive controls for the notebooks (ipywidgets), with errors shown, not raised.

A widget's callback runs a computation and draws; when the reader enters a value the
computation refuses (a ``ValueError`` from the package), the message appears in red
under the controls instead of a traceback.

Every widget of the course draws into its output area with :func:`show_in`, never with
``with out:``. The ``with out:`` form asks the front end to capture the output and, when
the front end is nbclient (the book build, ``jupyter nbconvert --execute``), nbclient
mirrors each captured output back to the kernel with a message on the shell channel
*while it waits on that channel for the cell's reply*. jupyter_client sends that message
through a synchronous shadow of the asyncio socket, which consumes the socket's
edge-triggered wake-up: when the reply lands in that window, nbclient does not see it
until the cell timeout re-polls the socket (jupyter/jupyter_client#1059, open). Measured
with ``benchmarks/stall_harness.py``: 1-2 % of ``with out:`` cells stalled for a full cell
timeout; :func:`show_in` sets the widget's outputs in the kernel, so nothing is sent back
and no cell can stall this way (0 in the harness's runs, see ``benchmarks/results/stalls.json``).
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import ipywidgets as W
import matplotlib.pyplot as plt
from IPython.display import display
from IPython.utils.capture import capture_output

__all__ = ["interactive_figure", "control_grid", "error_html", "show_in"]


@contextmanager
def show_in(out: W.Output) -> Iterator[None]:
    """Show what the block prints and displays in ``out``, replacing what it showed.

    The outputs are captured in the kernel and set as the widget's ``outputs`` in one
    step (no flicker, nothing for the front end to send back; see the module note). An
    exception inside the block is shown in ``out`` as a traceback and raised again.

    >>> import ipywidgets as W
    >>> out = W.Output()
    >>> with show_in(out):
    ...     print("hello")
    >>> out.outputs[0]["text"]
    'hello\\n'
    """
    if not isinstance(out, W.Output):
        raise TypeError(f"show_in needs an ipywidgets.Output, got {type(out).__name__}")
    error = None
    with capture_output(stdout=True, stderr=True, display=True) as captured:
        try:
            yield
        except Exception as err:  # shown in the widget, then raised again below
            error = err
    outputs = [{"output_type": "stream", "name": name, "text": text}
               for name, text in (("stdout", captured.stdout), ("stderr", captured.stderr)) if text]
    outputs += [{"output_type": "display_data", "data": o.data, "metadata": o.metadata or {}}
                for o in captured.outputs]
    if error is not None:
        outputs.append({"output_type": "error", "ename": type(error).__name__,
                        "evalue": str(error),
                        "traceback": traceback.format_exception(error)})
    out.outputs = tuple(outputs)
    if error is not None:
        raise error


def error_html(message: str) -> W.HTML:
    """A red message box (what the reader sees instead of a traceback)."""
    return W.HTML(f'<div style="color:#b00020;font-weight:bold">⚠ {html.escape(message)}</div>')


def interactive_figure(draw: Callable[..., None], controls: dict[str, W.ValueWidget],
                       run: bool = True) -> W.VBox:
    """Controls above an output area; ``draw(**values)`` redraws on every change.

    ``draw`` receives the controls' values as keyword arguments and draws with
    matplotlib (the figure is shown in the output area). ``ValueError`` and
    ``KeyError`` become a visible message. The controls sit in a :func:`control_grid`.

    >>> import ipywidgets as W
    >>> box = interactive_figure(lambda x: None, {"x": W.IntSlider(value=1)}, run=False)
    >>> len(box.children)
    2
    """
    out = W.Output()

    def update(*_):
        values = {name: c.value for name, c in controls.items()}
        with show_in(out):
            try:
                draw(**values)
                plt.show()
            except (ValueError, KeyError) as err:
                plt.close("all")
                display(error_html(str(err)))

    for c in controls.values():
        c.observe(update, names="value")
    box = W.VBox([control_grid(list(controls.values())), out])
    if run:
        update()
    return box

def control_grid(widgets: list, min_width: int = 240) -> W.GridBox:
    """Controls in as many columns as the page is wide, each column at least ``min_width`` px.

    >>> import ipywidgets as W
    >>> grid = control_grid([W.IntSlider(description="G layers"), W.Checkbox()])
    >>> grid.children[0].layout.width, grid.layout.grid_template_columns
    ('auto', 'repeat(auto-fill, minmax(240px, 1fr))')

    Rows of fixed-width widgets (``HBox``) overflow a book's text column, and the browser
    then squeezes each slider's track to nothing but its handle; a grid wraps instead.
    """
    for w in widgets:
        w.layout.width = "auto"  # the grid cell's width, not ipywidgets' fixed 300 px
        if hasattr(w.style, "description_width"):
            w.style.description_width = "initial"  # the whole label, not cut at 80 px
    return W.GridBox(widgets, layout=W.Layout(
        grid_template_columns=f"repeat(auto-fill, minmax({min_width}px, 1fr))", grid_gap="2px 12px"))
