"""The exercise as a widget and as a figure: what a notebook shows of an exercise.

ipywidgets and matplotlib load inside the functions, so loading exercises (the tests, the
book's static pages) does not pull them in.

>>> from course_utils.exercises import load_all
>>> [has_figure(ex) for ex in load_all(chapter="03_q_learning")][:2]
[False, False]
"""

from __future__ import annotations

from .core import Exercise
from .gaming import report_of, world_of
from .grid import cell_of, grid_of

__all__ = ["FIGURES", "has_figure", "draw_exercise", "draw_grid_exercise", "draw_gaming_exercise",
           "exercise_widget", "chapter_widget"]


def draw_grid_exercise(ex: Exercise, ax) -> None:
    """The map with the asked cell framed in red."""
    from matplotlib.patches import Rectangle

    from ..show.plotting import grid_heatmap

    grid = grid_of(ex)
    grid_heatmap(grid, ax=ax, title=ex.title)
    i, j = grid.cell_of(cell_of(ex, grid))
    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="red", linewidth=3))


def draw_gaming_exercise(ex: Exercise, ax) -> None:
    """The world with the path of its reward-optimal policy."""
    from ..safety.gaming import walk
    from ..show.gaming_plots import draw_behaviour

    world = world_of(ex)
    draw_behaviour(world, walk(world, report_of(ex).policy), ax=ax, title=f"{world.name} ({world.variant})")


#: kind name -> ``draw(ex, ax)``; kinds not listed have no figure.
FIGURES = {
    "gridworld.value": draw_grid_exercise,
    "gridworld.action": draw_grid_exercise,
    "tabular.learned_action": draw_grid_exercise,
    "gaming.behaviour": draw_gaming_exercise,
    "gaming.performance": draw_gaming_exercise,
}


def has_figure(ex: Exercise) -> bool:
    """Whether the exercise's kind draws a figure."""
    return ex.kind in FIGURES


def draw_exercise(ex: Exercise, ax) -> None:
    """Draw the exercise's figure on ``ax``; ValueError for a kind without one."""
    if ex.kind not in FIGURES:
        raise ValueError(f"kind {ex.kind!r} has no figure; kinds with one: {', '.join(sorted(FIGURES))}")
    FIGURES[ex.kind](ex, ax)


def exercise_widget(ex: Exercise, reveal: bool = True, figure: bool = True):
    """The exercise as an ipywidgets box: question, figure, answer field, Check button and
    feedback (unreadable answers give a red message, not a traceback). ``reveal`` adds a
    "Show answer" button. The box has ``.answer_box``, ``.check_button`` and ``.feedback``."""
    import html

    import ipywidgets as W
    import matplotlib.pyplot as plt

    from ..show.widgets import error_html, show_in

    header = W.HTML(f"<b>{html.escape(ex.title)}</b><br>{html.escape(ex.question).replace(chr(10), '<br>')}")
    out = W.Output()
    if figure and has_figure(ex):
        with show_in(out):
            fig, ax = plt.subplots(figsize=(4, 3))
            draw_exercise(ex, ax)
            plt.show()
    answer_box = W.Text(placeholder="your answer", description="Answer:")
    check_button = W.Button(description="Check", button_style="primary")
    feedback = W.HTML()

    def on_check(_):
        try:
            fb = ex.check(answer_box.value)
        except ValueError as err:
            feedback.value = error_html(str(err)).value
            return
        color = "#1b7f3b" if fb.correct else "#b36b00"
        feedback.value = f'<span style="color:{color};font-weight:bold">{html.escape(fb.message)}</span>'

    check_button.on_click(on_check)
    buttons = [check_button]
    if reveal:
        show_button = W.Button(description="Show answer")

        def on_show(_):
            text = ex.show_answer() + (f" — {ex.explanation}" if ex.explanation else "")
            feedback.value = f"<i>Answer: {html.escape(text)}</i>"

        show_button.on_click(on_show)
        buttons.append(show_button)
    box = W.VBox([header, out, W.HBox([answer_box, *buttons]), feedback])
    box.answer_box, box.check_button, box.feedback = answer_box, check_button, feedback
    return box


def chapter_widget(exercises, reveal: bool = True):
    """Every exercise of a chapter, one :func:`exercise_widget` under the other."""
    import ipywidgets as W

    return W.VBox([exercise_widget(ex, reveal=reveal) for ex in exercises])
