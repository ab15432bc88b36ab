"""Figures of the specification-gaming chapter: behaviour drawn on the map, reward vs performance.

Functions here take data (a :class:`~course_utils.safety.gaming.GamingWorld`, an episode from
:func:`~course_utils.safety.gaming.walk`, training results) and draw; they never train.
Each returns the ``Axes`` it drew on.
"""

from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np

from .plotting import smooth

__all__ = ["draw_behaviour", "draw_map_path", "draw_pause_timeline", "plot_reward_vs_performance",
           "TILE_COLORS"]

#: Colour of each special tile (S start, T turbo, F finish, G goal, P forbidden).
TILE_COLORS = {"S": "#9ecae1", "T": "#fdae6b", "F": "#74c476", "G": "#74c476", "P": "#fb6a4a"}


def draw_map_path(world, episode, ax=None, title: str | None = None, color: str = "navy"):
    """A grid world's map with the path of ``episode`` (states from :func:`walk`).

    A transition taken several times (a loop) is drawn thicker and labelled ``×n``.
    """
    if world.layout is None:
        raise ValueError(f"{world.name} has no map; use draw_pause_timeline")
    layout = world.layout
    H, W = len(layout), len(layout[0])
    if ax is None:
        _, ax = plt.subplots(figsize=(0.7 * W + 0.6, 0.7 * H + 0.6))
    for i, row in enumerate(layout):
        for j, ch in enumerate(row):
            face = "#444444" if ch == "#" else TILE_COLORS.get(ch, "#eef3f8")
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=face, edgecolor="white", lw=2))
            if ch not in ".#":
                ax.text(j - 0.3, i - 0.22, ch, fontsize=10, fontweight="bold", color="black")
    states = list(episode["states"])
    moves = Counter((a, b) for a, b in zip(states[:-1], states[1:]))
    for (a, b), n in moves.items():
        (i0, j0), (i1, j1) = world.cells[a], world.cells[b]
        if (i0, j0) == (i1, j1):  # a bump or a pause: a dot
            ax.plot(j0, i0, "o", color=color, ms=4 + 2 * np.log1p(n))
            continue
        rad = 0.5 if (b, a) in moves else 0.0  # back-and-forth moves: two arcs, a visible loop
        di, dj = i1 - i0, j1 - j0
        ax.annotate("", xy=(j1 - 0.22 * dj, i1 - 0.22 * di), xytext=(j0 + 0.22 * dj, i0 + 0.22 * di),
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.2 + 0.5 * np.log(n),
                                "connectionstyle": f"arc3,rad={rad}"})
        if n > 1:  # label on the arc's outer side: arc3 bends to the right of the move (y axis down)
            side = 0.32 if rad else 0.18
            ax.text((j0 + j1) / 2 - side * di, (i0 + i1) / 2 + side * dj, f"×{n}", fontsize=8,
                    color=color, ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    i, j = world.cells[states[0]]
    ax.plot(j, i, "s", color="black", ms=7)
    ax.set_xlim(-0.5, W - 0.5)
    ax.set_ylim(H - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def draw_pause_timeline(world, episode, ax=None, title: str | None = None):
    """The pause game over time: stack height (line), paused steps (shaded), lost games (✕)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 2.4))
    h = np.asarray(episode["states"])          # (T+1,) stack heights
    a = np.asarray(episode["actions"])         # (T,)  0 play, 1 pause
    H = int(world.params["height"])
    ax.step(np.arange(len(h)), h, where="post", color="navy", lw=1.5, label="stack height")
    for t in np.flatnonzero(a == 1):
        ax.axvspan(t, t + 1, color="#fdae6b", alpha=0.5, lw=0)
    lost = [t for t in range(len(a)) if a[t] == 0 and h[t] == H - 1 and h[t + 1] == 0]
    ax.plot(np.array(lost) + 1, np.zeros(len(lost)), "x", color="crimson", ms=8, mew=2, label="game lost")
    ax.axhline(H - 0.5, color="crimson", ls=":", lw=1)
    ax.set_ylim(-0.5, H)
    ax.set_yticks(range(H))
    ax.set_xlabel("time step (orange: paused)")
    ax.set_ylabel("stack height")
    lines = int(np.sum(episode["performance"]))
    ax.set_title(title or f"lines cleared: {lines}", fontsize=10)
    return ax


def draw_behaviour(world, episode, ax=None, title: str | None = None):
    """:func:`draw_map_path` for the grid worlds, :func:`draw_pause_timeline` for the pause game."""
    if world.layout is None:
        return draw_pause_timeline(world, episode, ax=ax, title=title)
    return draw_map_path(world, episode, ax=ax, title=title)


def plot_reward_vs_performance(results: dict, window: int = 50, axes=None):
    """Per-episode reward (left) and true performance (right) during training, one line per run.

    Args:
        results: ``{label: GamingResult}`` from :func:`course_utils.safety.gaming.train_gaming`.
        window: moving-average window in episodes.
    """
    if not results:
        raise ValueError("results must hold at least one training run")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3))
    for label, r in results.items():
        axes[0].plot(smooth(r.history["returns"], window), label=label)
        axes[1].plot(smooth(r.history["performance"], window), label=label)
    axes[0].set_title("reward the agent is trained on", fontsize=10)
    axes[1].set_title("true performance (what the designer wanted)", fontsize=10)
    for ax in axes:
        ax.set_xlabel("training episode")
        ax.legend(fontsize=8)
    axes[0].set_ylabel(f"per episode ({window}-episode mean)")
    return axes
