"""Drawing and animating episodes: a cart-pole from its state, any frames, videos on disk.

No pygame is needed: :func:`draw_cartpole` draws CartPole's state vector with matplotlib,
:func:`animate` turns a sequence into a ``FuncAnimation`` (show it in a notebook with
``IPython.display.HTML(anim.to_jshtml())``), and :func:`save_video` writes RGB frames to
an mp4 (OpenCV) or, without OpenCV, a GIF (Pillow).

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
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

__all__ = ["draw_cartpole", "draw_frame", "animate", "save_video"]

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


def save_video(frames: Sequence[np.ndarray], path: str | Path, fps: int = 30) -> Path:
    """Write ``(H, W, 3)`` uint8 RGB (or ``(H, W)`` gray) frames to ``path``.

    ``.mp4`` uses OpenCV when it is installed; otherwise (or for ``.gif``) a GIF is written
    with Pillow and the returned path ends in ``.gif``.
    """
    if len(frames) == 0:
        raise ValueError("no frames to write")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = [np.repeat(f[..., None], 3, axis=2) if f.ndim == 2 else f for f in frames]
    if path.suffix == ".mp4":
        try:
            import cv2

            h, w = frames[0].shape[:2]
            writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
            for f in frames:
                writer.write(cv2.cvtColor(np.ascontiguousarray(f, dtype=np.uint8), cv2.COLOR_RGB2BGR))
            writer.release()
            if path.exists() and path.stat().st_size > 0:
                return path
        except ImportError:
            pass
        path = path.with_suffix(".gif")
    from PIL import Image

    images = [Image.fromarray(np.asarray(f, dtype=np.uint8)) for f in frames]
    images[0].save(path, save_all=True, append_images=images[1:], duration=int(1000 / fps), loop=0)
    return path
