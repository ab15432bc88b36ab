"""Frames to a video file: WebM (VP9) or mp4 through OpenCV, else a GIF through Pillow.

WebM with VP9 is the format that plays where students look: JupyterLab, Colab and the book
in Chromium, Chrome, Firefox, Edge and Safari 14.1+. OpenCV's wheels cannot encode H.264, and
the MPEG-4 Part 2 stream they write into ``.mp4`` does not play in browsers (Chromium refuses it
with ``MediaError`` 4, tested in ``tests/test_video.py``): it is for desktop players only.

A core file (no matplotlib), so that computing code (``cu.atari.record_video``) can write videos without
loading the plotting stack.

>>> import numpy as np, tempfile, pathlib
>>> frames = [np.full((8, 8, 3), v, dtype=np.uint8) for v in (0, 128, 255)]
>>> save_video(frames, pathlib.Path(tempfile.mkdtemp()) / "clip.gif").suffix
'.gif'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["save_video"]

#: OpenCV's codec for each video suffix.
FOURCC = {".webm": "VP90", ".mp4": "mp4v"}


@contextlib.contextmanager
def _quiet_stderr():
    """Silence C-level writes to stderr (file descriptor 2) for the duration of the block."""
    try:
        saved = os.dup(2)
    except OSError:  # pragma: no cover - no stderr to silence
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def save_video(frames: Sequence[np.ndarray], path: str | Path, fps: int = 30) -> Path:
    """Write ``(H, W, 3)`` uint8 RGB (or ``(H, W)`` gray) frames to ``path``.

    ``.webm`` (VP9, plays in browsers) and ``.mp4`` (MPEG-4 Part 2, desktop players) use
    OpenCV when it is installed; otherwise (or for ``.gif``) a GIF is written with Pillow and
    the returned path ends in ``.gif``.

    Raises:
        ValueError: no frames, or a suffix other than ``.webm``, ``.mp4`` and ``.gif``.
    """
    if len(frames) == 0:
        raise ValueError("no frames to write")
    path = Path(path)
    if path.suffix not in FOURCC and path.suffix != ".gif":
        raise ValueError(f"path must end in .webm, .mp4 or .gif, got {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = [np.repeat(f[..., None], 3, axis=2) if f.ndim == 2 else f for f in frames]
    if path.suffix in FOURCC:
        try:
            import cv2

            h, w = frames[0].shape[:2]
            with _quiet_stderr():  # FFmpeg prints that WebM has no codec tags; it then uses VP9 all the same
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*FOURCC[path.suffix]), fps, (w, h))
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
