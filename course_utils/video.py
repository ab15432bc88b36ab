"""Frames to a video file: mp4 through OpenCV, else a GIF through Pillow (no matplotlib).

A core file, so that computing code (``cu.atari.record_video``) can write videos without
loading the plotting stack.

>>> import numpy as np, tempfile, pathlib
>>> frames = [np.full((8, 8, 3), v, dtype=np.uint8) for v in (0, 128, 255)]
>>> save_video(frames, pathlib.Path(tempfile.mkdtemp()) / "clip.gif").suffix
'.gif'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["save_video"]


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
