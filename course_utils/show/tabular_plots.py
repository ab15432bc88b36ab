"""Figures for chapter 3: toy-text grids with a learned policy and path, averaged learning curves.

Functions take data (a policy, a path, returns) and draw; they never train.

>>> import gymnasium as gym
>>> grid, to_grid_action = toy_text_grid(gym.make("CliffWalking-v1"))
>>> grid.shape, to_grid_action[0]   # CliffWalking's action 0 is "up", the gridworld's 3
((4, 12), 3)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ..rl.gridworld import GridWorld
from .plotting import grid_heatmap, smooth

__all__ = ["toy_text_grid", "draw_policy", "learning_curves"]

# CliffWalking numbers its actions up, right, down, left; GridWorld (and FrozenLake) left, down, right, up.
_CLIFF_TO_GRID = (3, 2, 1, 0)
_CELL_COLORS = {"C": "#f6c4c4", "H": "#f6c4c4", "G": "#c4e8c4", "S": "#d6e4f5"}


def toy_text_grid(env) -> tuple[GridWorld, tuple[int, ...]]:
    """The :class:`GridWorld` picture of FrozenLake, CliffWalking or a course gridworld env,
    and the map from the env's action numbers to the gridworld's (``0 ←, 1 ↓, 2 →, 3 ↑``).

    States are numbered row by row in all three, so state ``s`` is the same cell.
    """
    base = getattr(env, "unwrapped", env)
    if hasattr(base, "grid") and isinstance(base.grid, GridWorld):
        return base.grid, (0, 1, 2, 3)
    desc = getattr(base, "desc", None)
    if desc is not None and set(np.asarray(desc).ravel().tolist()) <= {b"S", b"F", b"H", b"G"}:  # FrozenLake
        rows = ["".join(ch.decode() for ch in row).replace("F", ".") for row in base.desc]
        return GridWorld(rows, rewards={"G": 1.0}), (0, 1, 2, 3)
    if hasattr(base, "_cliff") and hasattr(base, "shape"):
        H, W = base.shape
        rows = [["."] * W for _ in range(H)]
        for i, j in np.argwhere(base._cliff):
            rows[i][j] = "C"
        si, sj = np.unravel_index(base.start_state_index, base.shape)
        rows[si][sj] = "S"
        rows[H - 1][W - 1] = "G"
        return GridWorld(["".join(r) for r in rows], rewards={"G": 0.0}, terminal="GC"), _CLIFF_TO_GRID
    raise ValueError(f"toy_text_grid knows FrozenLake, CliffWalking and course gridworlds, got {type(base).__name__}")


def draw_policy(env, policy=None, values=None, path=None, ax=None, title: str | None = None,
                path_color: str = "tab:red", fmt: str = "{:.2f}"):
    """Draw the env's grid with greedy-policy arrows, a value heat map and a path.

    Args:
        env: FrozenLake, CliffWalking or a course gridworld env.
        policy: actions ``(S,)`` in the env's numbering, or ``None``.
        values: per-state values ``(S,)`` (e.g. ``q.max(axis=1)``), or ``None``.
        path: visited states (a list or a :class:`~course_utils.rl.tabular.Path`), drawn as a line.
    """
    grid, to_grid = toy_text_grid(env)
    if policy is not None:
        policy = np.asarray([to_grid[int(a)] for a in np.asarray(policy)])
    if ax is None:
        _, ax = plt.subplots(figsize=(0.55 * grid.shape[1] + 1.5, 0.55 * grid.shape[0] + 0.6))
    grid_heatmap(grid, values=values, policy=policy, ax=ax, title=title, fmt=fmt)
    if values is None:  # colour the special cells: cliff and holes red, goal green, start blue
        for i, j in grid.cells:
            color = _CELL_COLORS.get(grid.char((i, j)))
            if color:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, color=color, zorder=0))
    if path is not None:
        states = getattr(path, "states", path)
        cells = np.array([grid.cell_of(int(s)) for s in states])  # (T, 2) rows, cols
        ax.plot(cells[:, 1], cells[:, 0], "-o", color=path_color, linewidth=2.5, markersize=4, alpha=0.8)
    return ax


def learning_curves(curves: dict, ax=None, window: int = 10, title: str | None = None,
                    ylabel: str = "return per episode", ylim=None):
    """Mean learning curve of several runs with a ±1 standard-error band, per method.

    Args:
        curves: ``{label: array (runs, episodes)}`` (one run: shape ``(episodes,)``).
        window: moving-average window over episodes (:func:`course_utils.show.plotting.smooth`).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    for label, runs in curves.items():
        runs = np.atleast_2d(np.asarray(runs, dtype=float))  # (runs, episodes)
        mean = smooth(runs.mean(axis=0), window)
        se = smooth(runs.std(axis=0, ddof=1) / np.sqrt(len(runs)), window) if len(runs) > 1 else 0 * mean
        x = np.arange(1, len(mean) + 1)
        (line,) = ax.plot(x, mean, label=f"{label} ({len(runs)} run{'s' if len(runs) > 1 else ''})")
        ax.fill_between(x, mean - se, mean + se, color=line.get_color(), alpha=0.25, linewidth=0)
    ax.set_xlabel("episode")
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend()
    if title:
        ax.set_title(title)
    return ax
