"""Figures shared by the chapters. Functions here take data and draw; they never train.

Each returns the matplotlib ``Axes`` it drew on, so a notebook can add titles or
annotations and the tests can inspect what was drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..rl.gridworld import ACTIONS, GridWorld

__all__ = ["grid_heatmap", "returns_by_gamma", "smooth"]


def grid_heatmap(grid: GridWorld, values=None, policy=None, ax=None, title: str | None = None,
                 fmt: str = "{:.1f}", cmap: str = "viridis", show_chars: bool = True):
    """Draw a gridworld: walls, cell letters, a value heat map and greedy-policy arrows.

    Args:
        grid: the :class:`~course_utils.rl.gridworld.GridWorld`.
        values: per-state values ``v[s]`` (heat map and numbers), or ``None``.
        policy: per-state actions ``(S,)`` or a stochastic ``pi[s, a]`` (arrows for every
            action with the largest probability), or ``None``.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(0.9 * grid.shape[1] + 1.5, 0.9 * grid.shape[0] + 0.6))
    H, W = grid.shape
    walls = np.array([[ch == "#" for ch in row] for row in grid.layout], dtype=float)
    if values is not None:
        img = grid.grid_values(values)
        im = ax.imshow(np.ma.masked_invalid(img), cmap=cmap)
        plt.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
        finite = img[np.isfinite(img)]
        mid = (finite.max() + finite.min()) / 2 if finite.size else 0.0
    ax.imshow(np.ma.masked_where(walls == 0, walls), cmap="Greys", vmin=0, vmax=1.2)
    for s, (i, j) in enumerate(grid.cells):
        ch = grid.char((i, j))
        if show_chars and ch != ".":
            ax.text(j - 0.42, i - 0.28, ch, fontsize=9, fontweight="bold", color="crimson")
        if values is not None:
            color = "white" if img[i, j] < mid else "black"
            ax.text(j, i + (0.25 if policy is not None else 0.0), fmt.format(values[s]),
                    ha="center", va="center", fontsize=8, color=color)
    if policy is not None:
        pol = np.asarray(policy)
        for s, (i, j) in enumerate(grid.cells):
            if _is_terminal(grid, (i, j)):
                continue
            best = [int(pol[s])] if pol.ndim == 1 else np.flatnonzero(np.isclose(pol[s], pol[s].max()))
            for a in best:
                di, dj = ACTIONS[a]
                ax.arrow(j - 0.18 * dj, i - 0.1 - 0.18 * di, 0.3 * dj, 0.3 * di, head_width=0.12,
                         head_length=0.08, length_includes_head=True, color="black")
    ax.set_xticks(np.arange(-0.5, W, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, H, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", bottom=False, left=False, labelbottom=False, labelleft=False)
    ax.set_xlim(-0.5, W - 0.5)
    ax.set_ylim(H - 0.5, -0.5)
    if title:
        ax.set_title(title)
    return ax


def _is_terminal(grid: GridWorld, cell) -> bool:
    return grid.char(cell) in grid.terminal


def returns_by_gamma(returns: dict, axes=None, title: str | None = None):
    """Sampled discounted returns for several discount factors, in two panels.

    Left: the distribution of the returns of the episodes that earned something
    (``G > 0``), one step histogram per discount. Right: the mean return against the
    discount, beside the fraction of episodes with ``G > 0``.

    Args:
        returns: ``{gamma: array of returns}``.

    Returns:
        The two ``Axes``.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    gammas = list(returns)
    left, right = axes
    for g in gammas:
        G = np.asarray(returns[g], dtype=float)
        left.hist(G[G > 0], bins=40, range=(0, 1), histtype="step", linewidth=1.5, label=f"γ = {g:g}")
    left.set_xlabel(r"return $G_0$ of episodes with $G_0 > 0$")
    left.set_ylabel("episodes")
    left.legend(fontsize=8)
    means = [np.mean(returns[g]) for g in gammas]
    hit = [np.mean(np.asarray(returns[g]) > 0) for g in gammas]
    right.plot(gammas, means, "o-", label=r"mean return $\mathbb{E}[G_0]$")
    right.plot(gammas, hit, "s--", label=r"fraction with $G_0 > 0$")
    right.set_xlabel(r"discount $\gamma$")
    right.set_ylim(0, max(1e-3, max(hit)) * 1.1)
    right.legend(fontsize=8)
    if title:
        left.figure.suptitle(title)
    return axes


def smooth(y, window: int = 10) -> np.ndarray:
    """Trailing moving average (the first points average what is there so far).

    >>> smooth([0, 2, 4, 6], window=2).tolist()
    [0.0, 1.0, 3.0, 5.0]
    """
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    y = np.asarray(y, dtype=float)
    c = np.cumsum(np.insert(y, 0, 0.0))
    n = np.arange(1, len(y) + 1)
    lo = np.maximum(0, n - window)
    return (c[n] - c[lo]) / (n - lo)
