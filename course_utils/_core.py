"""Seeds, devices and compute budgets: the three switches every chapter reads."""

from __future__ import annotations

import os
import random
from typing import TypeVar

import numpy as np

T = TypeVar("T")

#: The budgets a long computation can run under (env ``COURSE_BUDGET``).
#: ``smoke`` proves the code path (CI), ``standard`` shows real learning on a laptop CPU,
#: ``full`` reproduces paper-scale results on a GPU.
BUDGETS = ("smoke", "standard", "full")


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (CPU and every CUDA device).

    Args:
        seed: a non-negative integer.

    Raises:
        ValueError: if ``seed`` is not a non-negative integer.

    Example:
        >>> import numpy as np
        >>> set_seed(0); a = np.random.rand()
        >>> set_seed(0); b = np.random.rand()
        >>> a == b
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency, but keep tabular code light
        return
    torch.manual_seed(seed)
    if torch.cuda.is_available():  # pragma: no cover - no GPU in CI
        torch.cuda.manual_seed_all(seed)


def get_device(prefer: str | None = None):
    """The best available ``torch.device``: CUDA, else Apple MPS, else CPU.

    Pass the result explicitly to models and tensors; nothing in this package uses a
    hidden global device.

    Args:
        prefer: force a device type (``"cpu"``, ``"cuda"``, ``"mps"``); ``None`` picks.

    Example:
        >>> get_device("cpu")
        device(type='cpu')
    """
    import torch

    if prefer is not None:
        if prefer not in {"cpu", "cuda", "mps"}:
            raise ValueError(f"prefer must be 'cpu', 'cuda', 'mps' or None, got {prefer!r}")
        if prefer == "cuda" and not torch.cuda.is_available():
            raise ValueError("prefer='cuda' but no CUDA device is available")
        if prefer == "mps" and not _mps_available():
            raise ValueError("prefer='mps' but no Apple MPS device is available")
        return torch.device(prefer)
    if torch.cuda.is_available():  # pragma: no cover - no GPU in CI
        return torch.device("cuda")
    if _mps_available():  # pragma: no cover
        return torch.device("mps")
    return torch.device("cpu")


def _mps_available() -> bool:
    import torch

    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def budget() -> str:
    """The compute budget from env ``COURSE_BUDGET``: ``smoke``, ``standard`` or ``full``.

    Defaults to ``standard`` when the variable is unset or empty.

    Raises:
        ValueError: for any other value, naming it and the allowed ones.

    Example:
        >>> import os
        >>> os.environ["COURSE_BUDGET"] = "smoke"; budget()
        'smoke'
        >>> del os.environ["COURSE_BUDGET"]; budget()
        'standard'
    """
    value = os.environ.get("COURSE_BUDGET", "").strip().lower() or "standard"
    if value not in BUDGETS:
        raise ValueError(
            f"COURSE_BUDGET must be one of {', '.join(BUDGETS)}, got {os.environ['COURSE_BUDGET']!r}"
        )
    return value


def by_budget(smoke: T, standard: T, full: T | None = None) -> T:
    """Pick a value by the current budget (``full`` falls back to ``standard``).

    Example:
        >>> import os
        >>> os.environ["COURSE_BUDGET"] = "smoke"
        >>> by_budget(smoke=10, standard=1_000, full=100_000)
        10
        >>> del os.environ["COURSE_BUDGET"]
    """
    chosen = budget()
    if chosen == "smoke":
        return smoke
    if chosen == "full" and full is not None:
        return full
    return standard
