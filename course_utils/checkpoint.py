"""Saving and loading training state safely.

* :func:`save` writes atomically (a temporary file in the same folder, then ``os.replace``),
  so an interrupted save never leaves a half-written checkpoint, and it refuses to
  overwrite an existing file unless asked to (nothing a learner saved is lost silently).
* :func:`load` uses ``torch.load(..., weights_only=True)`` (no arbitrary code runs from a
  file) and turns a corrupt, truncated or foreign file into a clear ``ValueError``.

Checkpoints are plain dicts of tensors, numbers, strings, lists and dicts; NumPy arrays
are stored as tensors and RNG states as lists, which ``weights_only`` accepts.

>>> import tempfile, os, torch
>>> path = os.path.join(tempfile.mkdtemp(), "ckpt.pt")
>>> _ = save({"kind": "demo", "step": 3, "w": torch.ones(2)}, path)
>>> load(path, kind="demo")["step"]
3
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

__all__ = ["save", "load", "check_target", "rng_state", "set_rng_state"]


def save(state: dict[str, Any], path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write ``state`` to ``path`` atomically.

    Args:
        state: a dict; a ``"kind"`` entry (e.g. ``"dqn"``) lets :func:`load` check the file.
        path: destination; parent folders are created.
        overwrite: replace an existing file (periodic checkpoints of one run); the
            default refuses, so a finished run is never clobbered by accident.

    Raises:
        FileExistsError: if ``path`` exists and ``overwrite`` is false.
    """
    if not isinstance(state, dict):
        raise ValueError(f"state must be a dict, got {type(state).__name__}")
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True or choose another path")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(state, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def check_target(path: str | os.PathLike | None, resume: str | os.PathLike | None) -> None:
    """Refuse, before any training, to write a run's checkpoints over another run.

    A trainer's ``checkpoint_path`` may hold a file only when it is the checkpoint being
    resumed (the same run carries on); anything else there is a learner's earlier work.

    >>> import tempfile, pathlib
    >>> old = pathlib.Path(tempfile.mkdtemp()) / "run.pt"
    >>> _ = old.write_bytes(b"earlier work")
    >>> check_target(old, resume=old)   # continuing that run: fine
    >>> check_target(old, resume=None)
    Traceback (most recent call last):
    ...
    FileExistsError: ... holds an earlier run; resume it (resume=the same path) or choose a new path
    """
    if path is None:
        return
    path = Path(path)
    if not path.exists():
        return
    if resume is not None and Path(resume).exists() and os.path.samefile(path, resume):
        return
    raise FileExistsError(f"{path} holds an earlier run; resume it (resume=the same path) or choose a new path")


def load(path: str | os.PathLike, kind: str | None = None, map_location="cpu") -> dict[str, Any]:
    """Load a checkpoint written by :func:`~course_utils.checkpoint.save` with ``weights_only=True``.

    Args:
        path: the file.
        kind: when given, the checkpoint's ``"kind"`` must match (a DCGAN file given to the
            DQN loader is refused with a message naming both).
        map_location: device to load tensors onto (CPU by default; move them yourself).

    Raises:
        FileNotFoundError: no such file.
        ValueError: the file is corrupt, truncated, not a checkpoint dict, or of another kind.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as err:  # pickle, zip and torch errors all mean "unreadable"
        raise ValueError(f"{path} is not a readable checkpoint ({type(err).__name__}: {err})") from err
    if not isinstance(state, dict):
        raise ValueError(f"{path} holds a {type(state).__name__}, expected a checkpoint dict")
    if kind is not None and state.get("kind") != kind:
        raise ValueError(f"{path} is a {state.get('kind')!r} checkpoint, expected {kind!r}")
    return state


def rng_state() -> dict[str, Any]:
    """The Python, NumPy and torch (CPU) global RNG states, in a ``weights_only``-safe form."""
    np_state = np.random.get_state()
    py_state = random.getstate()
    return {
        "python": [py_state[0], list(py_state[1]), py_state[2]],
        "numpy": [np_state[0], torch.from_numpy(np_state[1].astype(np.int64)), *np_state[2:]],
        "torch": torch.get_rng_state(),
    }


def set_rng_state(state: dict[str, Any]) -> None:
    """Restore what :func:`rng_state` returned."""
    version, internal, gauss = state["python"]
    random.setstate((version, tuple(internal), gauss))
    name, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((name, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(state["torch"])
