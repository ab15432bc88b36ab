"""Seeds, devices and compute budgets: the three switches every chapter reads."""

from __future__ import annotations

import numbers
import os
import random
from typing import TypeVar

import numpy as np

T = TypeVar("T")

#: The budgets a long computation can run under (env ``COURSE_BUDGET``).
#: ``smoke`` proves the code path (CI), ``standard`` shows real learning on a laptop CPU,
#: ``full`` reproduces paper-scale results on a GPU.
BUDGETS = ("smoke", "standard", "full")


def check_int(name: str, value, low: int) -> None:
    """Raise ``ValueError`` naming ``name`` unless ``value`` is an integer ``>= low`` (bools refused).

    >>> check_int("epochs", 2.5, 1)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be an integer >= 1, got 2.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


def check_real(name: str, value, low: float, high: float, expected: str, open_low: bool = False,
               open_high: bool = False) -> None:
    """Raise ``ValueError`` naming ``name`` unless ``value`` is a finite real in ``[low, high]``
    (open at ``low`` with ``open_low``, at ``high`` with ``open_high``); ``expected`` is how the
    message writes the range.

    >>> check_real("gamma", "0.9", 0, 1, "[0, 1]")
    Traceback (most recent call last):
    ...
    ValueError: gamma must be in [0, 1], got '0.9'
    """
    ok = not isinstance(value, bool) and isinstance(value, numbers.Real) and np.isfinite(value)
    if ok:
        ok = (low < value if open_low else low <= value) and (value < high if open_high else value <= high)
    if not ok:
        raise ValueError(f"{name} must be in {expected}, got {value!r}")


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (CPU and every CUDA device).

    Args:
        seed: an integer in ``[0, 2**32)``.

    Raises:
        ValueError: if ``seed`` is not such an integer.

    Example:
        >>> import numpy as np
        >>> set_seed(0); a = np.random.rand()
        >>> set_seed(0); b = np.random.rand()
        >>> a == b
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32) (NumPy's seed range), got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
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


def preset(cls: type[T], table: dict[str, dict], budget_name: str | None = None, /, **overrides) -> T:
    """The one way a trainer's config picks its settings by budget: ``XConfig.preset`` calls it.

    ``cls(**{**table[budget], **overrides})``, validated (a ``validate()`` method, if the
    class has one, runs). ``budget_name`` ``None`` reads ``COURSE_BUDGET``; a budget missing
    from ``table`` falls back to ``standard`` (as :func:`by_budget` does for ``full``).

    Raises:
        ValueError: if ``budget_name`` is not one of :data:`BUDGETS`.

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass
        ... class Config:
        ...     steps: int = 10
        ...     lr: float = 0.1
        >>> preset(Config, {"smoke": {"steps": 2}, "standard": {}}, "smoke", lr=0.5)
        Config(steps=2, lr=0.5)
        >>> preset(Config, {"standard": {}}, "full")
        Config(steps=10, lr=0.1)
        >>> preset(Config, {}, "huge")
        Traceback (most recent call last):
        ...
        ValueError: budget must be one of 'smoke', 'standard', 'full', got 'huge'
    """
    chosen = budget() if budget_name is None else budget_name
    if chosen not in BUDGETS:
        raise ValueError(f"budget must be one of {', '.join(map(repr, BUDGETS))}, got {chosen!r}")
    settings = table.get(chosen, table.get("standard", {}))
    config = cls(**{**settings, **overrides})
    validate = getattr(config, "validate", None)
    if callable(validate):
        validate()
    return config


def lazy_submodules(package: str, names: tuple[str, ...]):
    """``__getattr__`` and ``__dir__`` for a package whose modules load on first access.

    A subpackage's ``__init__`` calls it so that ``cu.rl.dqn`` works without importing
    every module of ``rl`` up front (``import course_utils.rl`` stays cheap).

    Example:
        >>> getattr_, dir_ = lazy_submodules("course_utils.rl", ("mdp",))
        >>> getattr_("mdp").__name__
        'course_utils.rl.mdp'
        >>> getattr_("nope")
        Traceback (most recent call last):
        ...
        AttributeError: module 'course_utils.rl' has no attribute 'nope'
    """
    import importlib
    import sys

    def __getattr__(name: str):
        if name in names:
            module = importlib.import_module(f"{package}.{name}")
            setattr(sys.modules[package], name, module)
            return module
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__
