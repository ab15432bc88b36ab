"""Drawing and animating episodes: a cart-pole from its state, any frames, videos on disk.

No pygame is needed: :func:`draw_cartpole` draws CartPole's state vector with matplotlib,
:func:`animate` turns a sequence into a ``FuncAnimation``, and :func:`player_html` makes
the self-contained player a notebook shows (``IPython.display.HTML(player_html(anim))``).
Writing frames to an mp4 or GIF needs no matplotlib and is :func:`course_utils.video.save_video`.

>>> import numpy as np, matplotlib
>>> matplotlib.use("Agg")
>>> anim = animate([np.zeros(4), np.array([0.5, 0, 0.1, 0])], draw_cartpole)
>>> type(anim).__name__
'FuncAnimation'
>>> page = player_html(anim)
>>> "<script" in page, "://" in page  # a player, and nothing it fetches from the internet
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

__all__ = ["draw_cartpole", "draw_frame", "animate", "player_html"]

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


# Matplotlib's player draws its buttons with Font Awesome 4 icons from a CDN stylesheet: offline
# (a classroom, JupyterLab on a train) the request fails and the buttons are blank. Characters
# every font has stand in for the icons; each button keeps its title and aria-label.
_FONT_AWESOME_CDN = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">\s*')
_ICONS = {"fa-minus": "\u2212", "fa-fast-backward": "\u23ee", "fa-step-backward": "\u25c0\ufe0e",
          "fa-play fa-flip-horizontal": "\u25c1", "fa-pause": "\u23f8\ufe0e", "fa-play": "\u25b7",
          "fa-step-forward": "\u25b6\ufe0e", "fa-fast-forward": "\u23ed", "fa-plus": "+"}
_ICON = re.compile(r'<i class="fa (fa-[\w-]+(?: fa-flip-horizontal)?)"></i>')


def player_html(anim: FuncAnimation, **to_jshtml_kwargs) -> str:
    """The animation as an HTML player that needs nothing from the internet.

    ``anim.to_jshtml(**to_jshtml_kwargs)`` without its Font Awesome stylesheet link, its
    icons replaced by plain characters (⏮ ◀ ◁ ⏸ ▷ ▶ ⏭ − +).
    """
    page = _FONT_AWESOME_CDN.sub("", anim.to_jshtml(**to_jshtml_kwargs))

    def icon(m):
        if m.group(1) not in _ICONS:
            raise ValueError(f"matplotlib's player uses an icon this module does not know: "
                             f"{m.group(1)!r} (add it to _ICONS)")
        return _ICONS[m.group(1)]

    return _ICON.sub(icon, page)
