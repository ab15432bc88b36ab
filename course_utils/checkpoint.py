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

import errno
import glob
import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

__all__ = ["save", "load", "check_target", "config_diff", "rng_state", "set_rng_state"]


def save(state: dict[str, Any], path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write ``state`` to ``path`` atomically.

    The bytes go to a hidden temporary file beside ``path`` (``.<name>.<pid>.<random>.tmp``),
    which replaces ``path`` only once complete; temporary files left by a save that was
    killed (their process is gone) are removed. The file gets the usual permissions
    (``0o666`` less the umask), like any other file the learner writes.

    Args:
        state: a dict of what ``torch.load(weights_only=True)`` reads back: tensors, numbers,
            strings, bytes, ``None``, lists, tuples and dicts of them (NumPy arrays are refused:
            store ``torch.from_numpy(a)`` or ``a.tolist()``). A ``"kind"`` entry (e.g.
            ``"dqn"``) lets :func:`load` check the file.
        path: destination; parent folders are created.
        overwrite: replace an existing file (periodic checkpoints of one run); the
            default refuses, so a finished run is never clobbered by accident.

    Raises:
        FileExistsError: if ``path`` exists and ``overwrite`` is false.
        ValueError: ``state`` holds something :func:`load` could not read back.
        OSError: the disk is full (``errno.ENOSPC``, saying so); ``path`` is left as it was.

    >>> import tempfile, os, numpy as np
    >>> save({"x": np.zeros(2)}, os.path.join(tempfile.mkdtemp(), "a.pt"))
    Traceback (most recent call last):
    ...
    ValueError: state['x'] is a numpy ndarray, which load(weights_only=True) refuses; store torch.from_numpy(a) or a.tolist()
    """
    if not isinstance(state, dict):
        raise ValueError(f"state must be a dict, got {type(state).__name__}")
    _check_loadable(state, "state")
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True or choose another path")
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_residue(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            try:
                torch.save(state, f)
                f.flush()
                os.fsync(f.fileno())
            except (OSError, RuntimeError) as err:
                free = shutil.disk_usage(path.parent).free
                if getattr(err, "errno", None) == errno.ENOSPC or free < _LOW_SPACE:
                    raise OSError(errno.ENOSPC, f"disk full: could not write {path} ({free:,} bytes free "
                                                f"on its drive); free some space and save again") from err
                raise
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


#: Free bytes below which a failed write is reported as a full disk.
_LOW_SPACE = 1 << 20

_SAFE = (torch.Tensor, str, bytes, int, float, complex, bool, type(None), torch.Size, torch.dtype, torch.device)


def _check_loadable(value, where: str) -> None:
    """Refuse, at save time, what ``torch.load(weights_only=True)`` would refuse at load time."""
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, (str, int, float, bool, type(None))):
                raise ValueError(f"{where} has a key of type {type(k).__name__}; use str or int keys")
            _check_loadable(v, f"{where}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check_loadable(v, f"{where}[{i}]")
    elif isinstance(value, (np.ndarray, np.generic)):
        raise ValueError(f"{where} is a numpy {type(value).__name__}, which load(weights_only=True) "
                         "refuses; store torch.from_numpy(a) or a.tolist()")
    elif not isinstance(value, _SAFE):
        raise ValueError(f"{where} is a {type(value).__name__}, which load(weights_only=True) refuses; "
                         "store tensors, numbers, strings, lists and dicts")


def _remove_residue(path: Path) -> None:
    """Delete temporary files of earlier saves of ``path`` whose process no longer runs."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def config_diff(saved: dict, given: dict) -> dict[str, tuple]:
    """The settings in which a saved run and the one asked for differ: ``{key: (saved, given)}``,
    keys sorted (a key one side lacks shows ``None`` there); empty when they agree.

    >>> config_diff({"lr": 0.1, "seed": 0}, {"lr": 0.2, "seed": 0})
    {'lr': (0.1, 0.2)}
    """
    return {k: (saved.get(k), given.get(k)) for k in sorted(set(saved) | set(given)) if saved.get(k) != given.get(k)}


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
