"""Figures and a play widget for chapter 6: game trees, boards, a match against the perfect player.

They take games and search results; the layout of a tree and the reading of a trace are
:mod:`course_utils.games.trace`, the opponent of the widget :class:`course_utils.games.match.TicTacToeMatch`.

>>> from course_utils.games import TreeGame, alphabeta
>>> g = TreeGame([[3, 12, 8], [2, 4, 6], [14, 5, 2]])
>>> ax = draw_game_tree(g, trace=alphabeta(g, trace=True).trace)
>>> len(ax.texts) > 0
True
"""

from __future__ import annotations

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..games.match import TicTacToeMatch
from ..games.rules import TicTacToe
from ..games.trace import fmt_value, node_names, trace_state, tree_layout
from .widgets import error_html, show_in

__all__ = ["draw_game_tree", "draw_board", "play_tictactoe", "MAX_COLOR", "MIN_COLOR", "PRUNED_COLOR"]

MAX_COLOR, MIN_COLOR, PRUNED_COLOR = "#1f77b4", "#d62728", "#bbbbbb"


def draw_game_tree(game, root=None, *, values: dict | None = None, trace=None, step: int | None = None,
                   max_depth: int | None = None, ax=None, boards: bool = False):
    """Draw a game tree: MAX nodes ▲ (blue), MIN nodes ▼ (red), leaves with their utility.

    Args:
        values: ``{state: value}`` to print beside the nodes (e.g. minimax values).
        trace: an alpha-beta trace (``alphabeta(..., trace=True).trace``); the first ``step``
            events (all by default) are shown: visited nodes, their ``[α, β]`` windows, values
            returned, and pruned subtrees greyed out with a ✂ on their edge.
        boards: draw tic-tac-toe boards as the nodes (for :class:`~course_utils.games.TicTacToe`).
    """
    pos, edges = tree_layout(game, root, max_depth)
    names = node_names(pos, edges)
    n_leaves = max(x for x, _ in pos.values()) + 1
    depth = max(d for _, d in pos.values())
    if ax is None:
        _, ax = plt.subplots(figsize=(min(1.0 + 0.6 * n_leaves * (1.6 if boards else 1), 16),
                                      1.0 + 1.5 * depth * (1.6 if boards else 1)))
    seen, tvalues, window, pruned, cut = trace_state(game, trace or [],
                                                      len(trace or []) if step is None else step, edges)
    shown = dict(values or {}) | tvalues
    current = trace[step - 1].state if trace and step else None

    dy = 1.6 if boards else 1.0                     # vertical distance between plies
    gap = 0.45 if boards else 0.0                   # edges start/end at the boards' borders
    for s, t, _a in edges:
        (x0, d0), (x1, d1) = pos[s], pos[t]
        grey = t in cut or (trace is not None and t not in seen)
        ax.plot([x0, x1], [-d0 * dy - gap, -d1 * dy + gap], color=PRUNED_COLOR if grey else "black",
                ls="--" if t in cut else "-", lw=1, zorder=1)
        if t in pruned:
            ax.text((x0 + x1) / 2, -(d0 + d1) * dy / 2, "✂", fontsize=13, ha="center", va="center", color="#444")
    for s, (x, d) in pos.items():
        y = -d * dy
        faded = s in cut or (trace is not None and s not in seen)
        if boards:
            _mini_board(ax, s, x, y, faded)
        elif game.is_terminal(s):
            ax.text(x, y, fmt_value(game.utility(s)), ha="center", va="center", fontsize=10,
                    color=PRUNED_COLOR if faded else "black",
                    bbox=dict(boxstyle="square", fc="white", ec=PRUNED_COLOR if faded else "black"))
        else:
            mover = game.to_move(s)
            color = PRUNED_COLOR if faded else (MAX_COLOR if mover == 0 else MIN_COLOR)
            ax.scatter([x], [y], marker="^" if mover == 0 else "v", s=420, color=color, zorder=2,
                       edgecolors="orange" if s == current else "none", linewidths=3)
            ax.text(x, y + (0.04 if mover == 0 else 0.08), names.get(s, ""), ha="center", va="center",
                    color="white", fontsize=8, fontweight="bold", zorder=3)
        if s in shown and (boards or not game.is_terminal(s)):
            ax.text(x + (0.45 if boards else 0.25), y + (0.3 if boards else 0.12), fmt_value(shown[s]),
                    fontsize=10, fontweight="bold", color="darkgreen")
        if s in window and not game.is_terminal(s) and trace is not None:
            a, b = window[s]
            ax.text(x, y - 0.32, f"[{fmt_value(a)}, {fmt_value(b)}]", ha="center", fontsize=8, color="#444")
        if s == current and game.is_terminal(s):
            ax.scatter([x], [y], s=600, facecolors="none", edgecolors="orange", linewidths=2.5, zorder=3)
    ax.set_xlim(-0.7, n_leaves - 0.3)
    ax.set_ylim(-depth * dy - 0.6, 0.5)
    ax.axis("off")
    return ax


def _mini_board(ax, s: str, x: float, y: float, faded: bool, size: float = 0.8):
    h = size / 3
    color = PRUNED_COLOR if faded else "black"
    ax.add_patch(plt.Rectangle((x - size / 2, y - size / 2), size, size, fc="white", ec="none", zorder=2))
    for k in (1, 2):
        ax.plot([x - size / 2 + k * h] * 2, [y - size / 2, y + size / 2], color=color, lw=0.8, zorder=3)
        ax.plot([x - size / 2, x + size / 2], [y - size / 2 + k * h] * 2, color=color, lw=0.8, zorder=3)
    for i, ch in enumerate(s):
        if ch != ".":
            r, c = divmod(i, 3)
            ax.text(x - size / 2 + (c + 0.5) * h, y + size / 2 - (r + 0.5) * h, ch, ha="center", va="center",
                    fontsize=8, zorder=4, color=PRUNED_COLOR if faded else (MAX_COLOR if ch == "X" else MIN_COLOR))


def draw_board(s: str, values: dict | None = None, ax=None, title: str | None = None):
    """A tic-tac-toe board; ``values`` ``{cell: value for X}`` colours the empty cells
    from the mover's view (green: wins, grey: draws, red: loses)."""
    mover = TicTacToe().to_move(s)
    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 3.2))
    for k in (1, 2):
        ax.plot([k - 0.5] * 2, [-0.5, 2.5], color="black", lw=2)
        ax.plot([-0.5, 2.5], [k - 0.5] * 2, color="black", lw=2)
    for i, ch in enumerate(s):
        r, c = divmod(i, 3)
        if ch != ".":
            ax.text(c, r, ch, ha="center", va="center", fontsize=32, fontweight="bold",
                    color=MAX_COLOR if ch == "X" else MIN_COLOR)
        elif values is not None and i in values:
            v = values[i] * (1 if mover == 0 else -1)      # the mover's view
            word, color = {1: ("win", "#2ca02c"), 0: ("draw", "#7f7f7f"), -1: ("loss", "#d62728")}[int(np.sign(v))]
            ax.add_patch(plt.Rectangle((c - 0.45, r - 0.45), 0.9, 0.9, color=color, alpha=0.25))
            ax.text(c, r, f"{i}\n{word}", ha="center", va="center", fontsize=10, color=color)
        else:
            ax.text(c, r, str(i), ha="center", va="center", fontsize=10, color="#aaaaaa")
    ax.set_xlim(-0.5, 2.5)
    ax.set_ylim(2.5, -0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def play_tictactoe(human: str = "X") -> W.VBox:
    """A widget: click a cell (or type its number) to play against the perfect player.

    The board shows the value of every legal move for you (win / draw / loss under perfect
    play). Illegal input shows a red message, never a traceback.
    """
    match = [TicTacToeMatch(human)]
    buttons = [W.Button(description="", layout=W.Layout(width="48px", height="48px")) for _ in range(9)]
    typed = W.Text(placeholder="cell 0-8, Enter", description="or type", continuous_update=False,
                   layout=W.Layout(width="200px"))
    side = W.ToggleButtons(options=["X", "O"], value=human, description="you play")
    new = W.Button(description="new game")
    hints = W.Checkbox(value=True, description="show move values")
    message, out = W.HTML(), W.Output()

    def refresh(error: str | None = None):
        m = match[0]
        for i, b in enumerate(buttons):
            b.description = "" if m.state[i] == "." else m.state[i]
        winner = m.game.winner(m.state)
        status = "your move" if winner is None else ("a draw" if winner == "draw" else
                                                    ("you win!" if winner == m.human else "the computer wins"))
        message.value = error_html(error).value if error else f"<b>{status}</b>"
        with show_in(out):
            draw_board(m.state, m.values() if hints.value and winner is None else None,
                       title=f"you: {m.human} — {status}")
            plt.show()

    def play(cell):
        try:
            match[0].move(cell)
        except ValueError as err:
            refresh(str(err))
            return
        refresh()

    for i, b in enumerate(buttons):
        b.on_click(lambda _b, i=i: play(i))

    def on_typed(change):
        if change["new"]:
            play(change["new"])
            typed.value = ""
    typed.observe(on_typed, names="value")
    new.on_click(lambda _b: (match.__setitem__(0, TicTacToeMatch(side.value)), refresh()))
    side.observe(lambda _c: (match.__setitem__(0, TicTacToeMatch(side.value)), refresh()), names="value")
    hints.observe(lambda _c: refresh(), names="value")
    grid = W.GridBox(buttons, layout=W.Layout(grid_template_columns="repeat(3, 52px)"))
    refresh()
    box = W.VBox([W.HBox([side, new, hints]), W.HBox([grid, W.VBox([typed, message])]), out])
    box.match, box.buttons, box.typed, box.message = match, buttons, typed, message   # for tests
    return box
