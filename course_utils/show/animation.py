"""Drawing and animating episodes: a cart-pole from its state, any frames, videos on disk.

No pygame is needed: :func:`draw_cartpole` draws CartPole's state vector with matplotlib,
:func:`animate` turns a sequence into a ``FuncAnimation`` (show it in a notebook with
``IPython.display.HTML(anim.to_jshtml())``). Writing frames to an mp4 or GIF needs no
matplotlib and is :func:`course_utils.video.save_video`.

>>> import numpy as np, matplotlib
>>> matplotlib.use("Agg")
>>> anim = animate([np.zeros(4), np.array([0.5, 0, 0.1, 0])], draw_cartpole)
>>> type(anim).__name__
'FuncAnimation'
>>> "<script" in anim.to_jshtml()
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

__all__ = ["draw_cartpole", "draw_frame", "animate"]

#: CartPole-v1's geometry: the episode ends when |x| > 2.4 or |θ| > 12°; the pole is 1 long.
X_LIMIT, POLE_LENGTH = 2.4, 1.0


def draw_cartpole(ax: plt.Axes, obs: Sequence[float], title: str | None = None) -> None:
    """Draw the cart-pole whose state is ``obs = (x, ẋ, θ, θ̇)`` on ``ax`` (cleared first)."""
    x, _, theta, _ = (float(v) for v in obs)
    ax.clear()
    ax.axhline(0, color="0.3", lw=1)
    for edge in (-X_LIMIT, X_LIMIT):
        ax.axvline(edge, color="tab:red", ls=":", lw=1)
    ax.add_patch(plt.Rectangle((x - 0.25, -0.1), 0.5, 0.2, color="tab:blue"))
    tip = (x + POLE_LENGTH * np.sin(theta), 0.1 + POLE_LENGTH * np.cos(theta))
    ax.plot([x, tip[0]], [0.1, tip[1]], color="tab:orange", lw=5, solid_capstyle="round")
    ax.set_xlim(-X_LIMIT - 0.4, X_LIMIT + 0.4)
    ax.set_ylim(-0.3, 1.3)
    ax.set_aspect("equal")
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)


def draw_frame(ax: plt.Axes, frame: np.ndarray, title: str | None = None) -> None:
    """Show an image frame (``(H, W)`` grayscale or ``(H, W, 3)`` RGB) on ``ax``."""
    ax.clear()
    ax.imshow(frame, cmap="gray" if frame.ndim == 2 else None, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=9)


def animate(items: Sequence, draw: Callable[[plt.Axes, object], None], interval: int = 40,
            figsize=(5, 2.4), titles: Sequence[str] | None = None) -> FuncAnimation:
    """A matplotlib animation that calls ``draw(ax, item)`` for each item in turn.

    The figure is closed (only the animation is kept), so a notebook shows one player.
    """
    if len(items) == 0:
        raise ValueError("nothing to animate: items is empty")
    fig, ax = plt.subplots(figsize=figsize)

    def update(k):
        if titles is not None:
            draw(ax, items[k], titles[k])
        else:
            draw(ax, items[k])
        return []

    anim = FuncAnimation(fig, update, frames=len(items), interval=interval, blit=False)
    plt.close(fig)
    return anim
