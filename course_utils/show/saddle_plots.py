"""The figure of chapter 6's saddle: gradient play on f(x, y) = x·y in the (x, y) plane.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from course_utils.games.saddle import METHODS, bilinear_gda
>>> len(draw_gda([bilinear_gda(1.0, 0.0, 0.2, 30, m) for m in METHODS]).lines)
3
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["draw_gda"]


def draw_gda(results, ax=None, title: str | None = None):
    """Trajectories of :func:`course_utils.games.saddle.bilinear_gda` results in the (x, y) plane."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    lim = max(float(np.abs(np.r_[r.x, r.y]).max()) for r in results) * 1.1
    grid = np.linspace(-lim, lim, 15)
    X, Y = np.meshgrid(grid, grid)
    ax.quiver(X, Y, -Y, X, color="#cccccc", angles="xy")     # the gradient field (-df/dx, df/dy)
    for r in results:
        ax.plot(r.x, r.y, lw=1.3, label=f"{r.method} (η = {r.lr:g})")
        ax.scatter(r.x[:1], r.y[:1], color="black", s=15, zorder=3)
    ax.scatter([0], [0], marker="*", s=160, color="gold", edgecolors="black", zorder=4, label="saddle (0, 0)")
    ax.set_xlabel("x  (minimiser, e.g. G)")
    ax.set_ylabel("y  (maximiser, e.g. D)")
    ax.set_aspect("equal")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    if title:
        ax.set_title(title)
    return ax
